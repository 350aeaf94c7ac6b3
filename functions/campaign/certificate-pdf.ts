import { join } from 'node:path';
import { certificateCheckPage, certificateCheckUrl } from '@shared/api/certificate';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { isInSubtree } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { optionalEnv } from '../config/env';
import { requireScope, scopesOf } from '../scope/scope';
import { GetCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { requireOrg, type Directory } from '../directory/directory';
import { queryAll } from '../storage/dynamo';
import { batchGet } from './batch-reads';
import { campaignKeys, type CampaignRecord } from './campaign-items';
import { readCertificate, stateOf } from './certificate-records';

/** What drawing needs; reads only (this function holds no write grant). */
export interface CertificateDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
}

/**
 * Certificates and the printable list as PDF (issue 17 point 5), drawn with pdfkit and a subset of Noto Sans SC
 * embedded. pdfkit and qrcode are imported on these paths only, so no other route pays for loading them.
 */

/** A file answer, as the summary export answers: the mini-program's client reads JSON only. */
export interface PdfFile {
  fileName: string;
  contentType: 'application/pdf';
  base64: string;
}

/**
 * The font whose glyphs are embedded (as a subset): CERTIFICATE_FONT_PATH when set (a TrueType or OpenType file),
 * else Noto Sans SC Regular from the npm package @expo-google-fonts/noto-sans-sc, which serverless.yml packages
 * beside the campaign function's bundle (LAMBDA_TASK_ROOT) and which node_modules holds locally.
 */
export function certificateFontPath(): string {
  return optionalEnv('CERTIFICATE_FONT_PATH') ?? join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
}

/** Where a certificate's QR code and link lead: the H5 check page when its base is set, else the mini-program's path. */
export function checkLinkOf(certificateNo: string): string {
  const base = optionalEnv('CERTIFICATE_CHECK_BASE');
  return base ? certificateCheckUrl(base, certificateNo) : `${certificateCheckPage}?no=${encodeURIComponent(certificateNo)}`;
}

const red = '#c8161d';

/** "2026-11-23" → "2026年11月23日". */
function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

type Doc = PDFKit.PDFDocument;

async function render(options: { layout: 'portrait' | 'landscape'; title: string; subject: string }, draw: (doc: Doc) => Promise<void> | void): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  // The font as the first one: pdfkit then never loads its standard (Latin-only) fonts.
  const doc = new PDFDocument({ size: 'A4', layout: options.layout, margin: 48, font: certificateFontPath(), info: { Title: options.title, Subject: options.subject, Creator: '职工之家' }, lang: 'zh-CN' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  return done;
}

/** The QR code of `text` drawn as squares (vector: sharp at any print size), `size` points wide, at (x, y). */
async function drawQr(doc: Doc, text: string, x: number, y: number, size: number): Promise<void> {
  const { create } = await import('qrcode');
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 8);
  const origin = { x: x + 4 * cell, y: y + 4 * cell };
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) if (modules.get(row, col)) doc.rect(origin.x + col * cell, origin.y + row * cell, cell, cell);
  }
  doc.fill('#000000').restore();
}

/**
 * GET /v1/honours/{certificateNo}/certificate.pdf — for the organisers over the awarding federation and for the chair
 * or vice-chair of the union that filed (the holder's union). A4 landscape: title, holder, awarding body, date, number,
 * and the QR code of the public check; a revoked honour says so on its face.
 */
export async function certificatePdf(deps: CertificateDeps, session: Session, certificateNo: string): Promise<PdfFile> {
  const actors = await scopesOf(deps.directory, session, ['organiser', 'chair', 'viceChair']);
  if (actors.length === 0) throw new DomainError('SCOPE.FORBIDDEN');
  const { honour, campaign, org } = await readCertificate(deps, certificateNo);
  const app = [...(await batchGet(deps.db, deps.table, [campaignKeys.application(String(honour.applicationId))])).values()][0];
  const unitPath = typeof app?.applyingUnitPath === 'string' ? app.applyingUnitPath : undefined;
  const allowed = actors.some((a) => (a.role === 'organiser' ? isInSubtree(String(campaign.orgPath), a.org.path) : unitPath !== undefined && isInSubtree(unitPath, a.org.path)));
  if (!allowed) throw new DomainError('SCOPE.FORBIDDEN');

  const no = String(honour.certificateNo);
  const holder = String(honour.nomineeName);
  const title = String(honour.title);
  const awardedOn = chineseDate(formatShanghaiDate(new Date(String(honour.awardedAt))));
  const state = stateOf(honour);
  const link = checkLinkOf(no);
  const bytes = await render({ layout: 'landscape', title: `荣誉证书 ${no}`, subject: `${holder} ${title}` }, async (doc) => {
    const { width, height } = doc.page;
    doc.lineWidth(6).rect(24, 24, width - 48, height - 48).stroke(red);
    doc.lineWidth(1.5).rect(36, 36, width - 72, height - 72).stroke(red);
    doc.fillColor(red).fontSize(44).text('荣 誉 证 书', 0, 80, { width, align: 'center', characterSpacing: 8 });
    doc.fillColor('#000000').fontSize(24).text(`${holder}：`, 110, 180, { width: width - 220 });
    doc.fontSize(20).text(`在${String(campaign.heading)}中，被授予`, 150, 230, { width: width - 260 });
    doc.fillColor(red).fontSize(30).text(`「${title}」`, 0, 275, { width, align: 'center' });
    doc.fillColor('#000000').fontSize(20).text('荣誉称号。特发此证，以资鼓励。', 150, 330, { width: width - 260 });
    doc.fontSize(20).text(org.name, width - 410, height - 170, { width: 300, align: 'right' });
    doc.fontSize(18).text(awardedOn, width - 410, height - 138, { width: 300, align: 'right' });
    doc.fontSize(12).text(`证书编号：${no}`, 110, height - 100);
    await drawQr(doc, link, 110, height - 220, 104);
    doc.fontSize(9).fillColor('#444444').text('扫码或访问下列地址查询本证书是否有效：', 222, height - 190, { width: 260 });
    doc.text(link, 222, height - 176, { width: 260, link: link.startsWith('http') ? link : undefined });
    if (state.state === 'revoked') {
      doc.fillColor(red).fontSize(16).text(`本荣誉已于${state.revokedOn === '未载明' ? '' : chineseDate(state.revokedOn)}撤销（依据：${state.citation}）`, 0, 390, { width, align: 'center' });
    } else if (state.state === 'recovered') {
      doc.fillColor(red).fontSize(16).text(`本证书已于${chineseDate(state.recoveredOn)}收回（${state.explanation}；依据：${state.citation}）`, 0, 390, { width, align: 'center' });
    }
  });
  return { fileName: `荣誉证书-${no}.pdf`, contentType: 'application/pdf', base64: bytes.toString('base64') };
}

/**
 * GET /v1/campaigns/{campaignId}/honours.pdf — the organisers over the campaign: its honours in certificate order,
 * grouped by title, each with its state, on A4 portrait pages.
 */
export async function honoursListPdf(deps: CertificateDeps, session: Session, campaignId: string): Promise<PdfFile> {
  const found = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId) }))).Item;
  if (found?.entity !== 'campaign') throw new DomainError('CAMPAIGN.NOT_FOUND');
  const campaign = found as unknown as CampaignRecord;
  const org = await requireOrg(deps.directory, campaign.orgId);
  await requireScope(deps.directory, session, ['organiser'], org);
  // The final list as honoursOf (honours.ts) reads it: the campaign's honours in certificate order.
  const items = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${campaignId}` } });
  const honours = items.map((i) => ({ certificateNo: String(i.certificateNo), title: String(i.title), nomineeName: String(i.nomineeName), awardedAt: String(i.awardedAt), state: stateOf(i) }));
  const bytes = await render({ layout: 'portrait', title: `${campaign.heading}表彰名单`, subject: org.name }, (doc) => {
    const { width, height } = doc.page;
    const left = 56;
    const columns = [left, left + 190, width - 56 - 90];
    doc.fontSize(22).text(`${campaign.heading}表彰名单`, left, 60, { width: width - 2 * left, align: 'center' });
    doc.fontSize(12).fillColor('#444444').text(`${org.name} · ${campaign.year} 年度 · 共 ${honours.length} 项`, { width: width - 2 * left, align: 'center' });
    doc.fillColor('#000000');
    let y = doc.y + 24;
    const row = (cells: string[], bold = false) => {
      if (y > height - 80) {
        doc.addPage();
        y = 60;
      }
      doc.fontSize(bold ? 12 : 11).fillColor(bold ? '#444444' : '#000000');
      cells.forEach((cell, i) => doc.text(cell, columns[i] as number, y, { width: (i === 1 ? columns[2] as number : i === 0 ? columns[1] as number : width - 56) - (columns[i] as number) - 8, lineBreak: false, ellipsis: true }));
      y += 22;
      doc.moveTo(left, y - 6).lineTo(width - 56, y - 6).lineWidth(0.5).stroke('#999999');
    };
    for (const title of [...new Set(honours.map((h) => h.title))]) {
      if (y > height - 120) {
        doc.addPage();
        y = 60;
      }
      doc.fontSize(15).fillColor(red).text(`${title}（${honours.filter((h) => h.title === title).length}）`, left, y);
      y = doc.y + 8;
      row(['证书编号', '名称 / 姓名', '状态'], true);
      for (const h of honours.filter((x) => x.title === title)) {
        row([h.certificateNo, h.nomineeName, h.state.label]);
      }
      y += 16;
    }
    if (honours.length > 0) doc.fontSize(12).fillColor('#000000').text(`决定日期：${chineseDate(formatShanghaiDate(new Date(honours[0]?.awardedAt ?? '')))}`, left, Math.min(y + 8, height - 60), { width: width - 2 * left, align: 'right' });
  });
  return { fileName: `${campaign.heading}-表彰名单.pdf`, contentType: 'application/pdf', base64: bytes.toString('base64') };
}
