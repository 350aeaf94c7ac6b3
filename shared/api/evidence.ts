import * as z from 'zod';

/**
 * 证明材料 of an application: the chair asks for a presigned upload (S3 presigned POST on AWS, a signed policy for the
 * local file adapter), posts the file straight to storage with wx.uploadFile, then attaches it; reviewers above open
 * each file through a short-lived signed download address.
 */

/** What may be uploaded, with the extensions a file of that type may carry. */
export const evidenceTypes = {
  'image/jpeg': { label: 'JPG 图片', extensions: ['jpg', 'jpeg'], document: undefined },
  'image/png': { label: 'PNG 图片', extensions: ['png'], document: undefined },
  'application/pdf': { label: 'PDF 文件', extensions: ['pdf'], document: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word 文档', extensions: ['docx'], document: 'docx' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel 表格', extensions: ['xlsx'], document: 'xlsx' },
} as const;
export type EvidenceContentType = keyof typeof evidenceTypes;
export const evidenceContentTypes = Object.keys(evidenceTypes) as [EvidenceContentType, ...EvidenceContentType[]];
export const evidenceExtensions: string[] = evidenceContentTypes.flatMap((t) => [...evidenceTypes[t].extensions]);

export const maxEvidenceBytes = 10 * 1024 * 1024;
export const maxEvidenceFiles = 20;
export const maxEvidenceBytesLabel = '10 MB';
export const allowedEvidenceLabel = 'JPG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件';

/** The lower-case extension of a file name ('' when it has none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** The content type a file name stands for, if it is one we take. */
export function evidenceTypeOf(fileName: string): EvidenceContentType | undefined {
  const extension = extensionOf(fileName);
  return evidenceContentTypes.find((t) => (evidenceTypes[t].extensions as readonly string[]).includes(extension));
}

export const isImageEvidence = (contentType: string): boolean => contentType === 'image/jpeg' || contentType === 'image/png';

/** "856 KB", "2.4 MB": sizes as a phone shows them. */
export function fileSizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const fileName = z
  .string({ error: '缺少文件名（fileName）' })
  .trim()
  .min(1, '缺少文件名（fileName）')
  .max(120, '文件名（fileName）不超过 120 个字符')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f/\\]*$/, '文件名（fileName）不能含有斜杠或控制字符');

export const requestUploadRequest = z
  .object({
    requestId: z.uuid({ error: '请求编号（requestId）应为 UUID' }),
    fileName,
    contentType: z.enum(evidenceContentTypes, { error: `文件类型（contentType）不支持：只能上传${allowedEvidenceLabel}` }),
    size: z
      .number({ error: '缺少文件大小（size）' })
      .int('文件大小（size）应为整数字节数')
      .min(1, '所选文件是空的（size 为 0），请重新选择')
      .max(maxEvidenceBytes, `文件大小（size）超过 ${maxEvidenceBytesLabel}，请压缩或拆分后再上传`),
  })
  .check((ctx) => {
    const { fileName: name, contentType } = ctx.value;
    if (typeof name === 'string' && typeof contentType === 'string' && contentType in evidenceTypes && evidenceTypeOf(name) !== contentType) {
      ctx.issues.push({ code: 'custom', input: name, path: ['fileName'], message: `文件名（fileName）的扩展名应与文件类型一致：${evidenceTypes[contentType].label}应为 .${evidenceTypes[contentType].extensions.join(' 或 .')}` });
    }
  });
export type RequestUploadRequest = z.input<typeof requestUploadRequest>;

/** Where and how to post the file: multipart/form-data with `fields` first and the file as `file` last. */
export const uploadTicket = z.object({
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  key: z.string(),
  expiresAt: z.string(),
  maxBytes: z.number(),
});
export type UploadTicket = z.infer<typeof uploadTicket>;
export const uploadResponse = z.object({ upload: uploadTicket });

export const attachEvidenceRequest = z.object({
  key: z.string({ error: '缺少文件标识（key）' }).min(1, '缺少文件标识（key）').max(512, '文件标识（key）过长'),
  fileName,
});
export type AttachEvidenceRequest = z.input<typeof attachEvidenceRequest>;

export const evidenceView = z.object({
  evidenceId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  uploadedAt: z.string(),
  /** The member who attached it, and their name. */
  uploadedBy: z.string(),
  uploaderName: z.string(),
  /** A signed download address, valid for a few minutes. */
  url: z.string(),
});
export type EvidenceView = z.infer<typeof evidenceView>;
export const evidenceListResponse = z.object({ evidence: z.array(evidenceView) });
