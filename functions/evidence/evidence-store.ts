/**
 * The port to where evidence files live. On AWS an S3 bucket (presigned POST to upload, presigned GET to download);
 * locally a folder behind scripts/local/evidence-server.ts with the same contract. The client posts `fields` and then
 * the file (form field `file`) as multipart/form-data to `url` — what wx.uploadFile sends.
 */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  /** ISO time after which storage refuses the post. */
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  contentType: string;
}

export interface EvidenceStore {
  /** A one-off permission to post exactly `key`, of `contentType`, 1..maxBytes bytes, for a few minutes. */
  presignUpload(key: string, contentType: string, maxBytes: number): Promise<PresignedUpload>;
  /** A short-lived address that downloads `key`, offered to the browser under `fileName`. */
  presignDownload(key: string, fileName: string): Promise<string>;
  /** The stored object's size and type, or undefined when nothing was uploaded under `key`. */
  head(key: string): Promise<StoredObject | undefined>;
  /** The stored object's bytes and type (a roster file the server reads), or undefined when there is none. */
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  /** Deletes the object; deleting what is not there is no error. */
  remove(key: string): Promise<void>;
}

/** How long an upload permission lasts, and a download address. */
export const uploadTtlSeconds = 15 * 60;
export const downloadTtlSeconds = 10 * 60;

/** Content-Disposition for a download: an ASCII fallback name and the real one (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
