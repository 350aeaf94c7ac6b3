import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import * as QRCode from 'qrcode';
import { ScanCommand, UpdateCommand } from '../../../functions/storage/document-client';
import { campaignResponse, honoursResponse, type CampaignView } from '../../../shared/api/campaign';
import { certificateCheckResponse } from '../../../shared/api/certificate';
import { campaignKeys, type ApplicationRecord } from '../../../functions/campaign/campaign-items';
import { certificateCheckLimit } from '../../../functions/campaign/certificate-check';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as certificates } from '../../../functions/handlers/certificates';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { putApplications } from '../../support/campaign-scale';
import { httpEvent } from '../../support/http-event';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from '../campaign/seeded-table';

/**
 * 荣誉证书查询 (issue 17 point 5) through the handlers against DynamoDB Local: a qinhuangdao-2023 campaign (no final
 * publicity) published and decided by the organiser, then the public check — no log-in — by certificate number.
 */
jest.setTimeout(120_000);

const table = useSeededTable('2026-11-23T09:00:00+08:00');
const organiser = callers.cityOrganiser;

/** The public route as API Gateway calls it, without a session, from `sourceIp`. */
async function check(certificateNo: string, sourceIp = '198.51.100.1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const routeKey = 'GET /v1/public/certificates/{certificateNo}';
  const event = httpEvent('GET', `/v1/public/certificates/${encodeURIComponent(certificateNo)}`);
  const result = await publicity({ ...event, routeKey, requestContext: { ...event.requestContext, routeKey, http: { ...event.requestContext.http, sourceIp } }, pathParameters: { certificateNo } });
  return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body)) as Record<string, unknown> };
}

const recommended = (cmp: CampaignView, i: number, union: { orgId: string; name: string; district: string }): ApplicationRecord => ({
  applicationId: `app-0000000000000c${i.toString(16).padStart(2, '0')}`,
  campaignId: cmp.campaignId,
  title: 'modelHome',
  nominee: { kind: 'org', id: union.orgId, name: union.name },
  applyingUnitId: union.orgId,
  applyingUnitPath: `/city-jz/${union.district}/${union.orgId}`,
  recommendingUnitId: union.district,
  status: 'recommended',
  version: 3,
  atOrgId: 'city-jz',
  declared: {},
  narrative: '',
  summary: '职工之家建设成效显著。',
  consultation: '召开会员代表大会征求意见，无异议。',
  history: [],
  filedBy: `${union.orgId}-m001`,
});

let numbers: string[] = [];
let cmp: CampaignView;

beforeAll(async () => {
  const published = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId: 'qinhuangdao-2023', year: 2026, heading: '2026 年度模范职工之家评选', titles: ['modelHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: '2026-12-31' },
  });
  expect(published.status).toBe(201);
  cmp = campaignResponse.parse(published.body).campaign;
  // Recommended up to the city as the districts' reviewers would have left them (test/support/campaign-scale.ts).
  const apps = [
    recommended(cmp, 1, { orgId: 'gu-yuntai', name: '云台新材料有限公司工会', district: 'dist-jiefang' }),
    recommended(cmp, 2, { orgId: 'gu-renmin', name: '解放区人民医院工会', district: 'dist-jiefang' }),
  ];
  await putApplications(table().db, table().tableName, apps);
  const decided = await call(campaign, 'POST /v1/campaigns/{campaignId}/decision', { as: organiser, params: { campaignId: cmp.campaignId }, body: { applicationIds: apps.map((a) => a.applicationId), reason: '经市总工会研究决定，授予荣誉称号' } });
  expect(decided.status).toBe(201);
  numbers = honoursResponse.parse(decided.body).honours.map((h) => h.certificateNo);
});

describe('GET /v1/public/certificates/{certificateNo}', () => {
  it('answers without a log-in with exactly what the award list showed, and 有效', async () => {
    const res = await check(numbers[0] as string);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['awardedOn', 'awardingBody', 'campaignName', 'certificateNo', 'holderName', 'status', 'title', 'year']);
    expect(res.body).toEqual({
      certificateNo: 'QINHUANGDAO-2023-2026-0001',
      title: '模范职工之家',
      holderName: '云台新材料有限公司工会',
      awardingBody: '焦作市总工会',
      campaignName: '2026 年度模范职工之家评选',
      year: 2026,
      awardedOn: '2026-11-23',
      status: { state: 'valid', label: '有效' },
    });
    expect(certificateCheckResponse.parse(res.body)).toEqual(res.body);
    // Nothing of the nominee's, the application's or a member's ids anywhere in the answer.
    expect(JSON.stringify(res.body)).not.toMatch(/gu-yuntai|app-|staff-|nomineeId|applicationId/);
  });

  it('takes the number in lower case too, as typed on a phone', async () => {
    expect(await check((numbers[1] as string).toLowerCase())).toMatchObject({ status: 200, body: { holderName: '解放区人民医院工会' } });
  });

  it('answers an unknown number with 404 and a Chinese message, the same for a number of a campaign not yet decided', async () => {
    const unknown = await check('QINHUANGDAO-2023-2026-0099');
    expect(unknown).toEqual({ status: 404, body: { code: 'CERTIFICATE.NOT_FOUND', message: '没有这个证书编号的荣誉，请核对证书编号', details: [] } });
    // An honour item whose campaign is still open (a decision cut off half-way): the same answer, nothing more.
    await table().db.send(new UpdateCommand({ TableName: table().tableName, Key: campaignKeys.campaign(cmp.campaignId), UpdateExpression: 'SET #s = :p', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':p': 'published' } }));
    try {
      expect(await check(numbers[0] as string)).toEqual(unknown);
    } finally {
      await table().db.send(new UpdateCommand({ TableName: table().tableName, Key: campaignKeys.campaign(cmp.campaignId), UpdateExpression: 'SET #s = :d', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':d': 'decided' } }));
    }
  });

  it('refuses a malformed number with 400 naming the field', async () => {
    for (const bad of ['ABC', 'QINHUANGDAO-2023-2026-01', 'x'.repeat(80), 'QINHUANGDAO 2023']) {
      const res = await check(bad);
      expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', details: [{ path: 'certificateNo' }] } });
      expect(String(res.body.message)).toContain('证书编号（certificateNo）');
    }
  });

  it('shows a revoked honour as 已撤销 with the date and the article, from the fields the revocation writes', async () => {
    await table().db.send(
      new UpdateCommand({
        TableName: table().tableName,
        Key: campaignKeys.honour(numbers[1] as string),
        UpdateExpression: 'SET #s = :r, revokedAt = :at, revocationCitation = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': 'revoked', ':at': '2027-03-01T02:30:00.000Z', ':c': { doc: '秦皇岛市选树管理实施办法（2023年）', article: '第十四条' } },
      }),
    );
    const res = await check(numbers[1] as string);
    expect(res).toEqual({
      status: 200,
      body: expect.objectContaining({ certificateNo: numbers[1], holderName: '解放区人民医院工会', status: { state: 'revoked', label: '已撤销', revokedOn: '2027-03-01', citation: '秦皇岛市选树管理实施办法（2023年） 第十四条' } }),
    });
  });

  it('refuses the check after the limit per network with 429 in Chinese, and keeps no address in clear', async () => {
    const ip = '203.0.113.77';
    const { max } = certificateCheckLimit(ip);
    for (let i = 0; i < max; i += 1) expect((await check(numbers[0] as string, ip)).status).toBe(200);
    const refused = await check('QINHUANGDAO-2023-2026-0099', ip);
    expect(refused).toEqual({ status: 429, body: { code: 'CERTIFICATE.RATE_LIMITED', message: '查询过于频繁，每个网络每小时最多查询 120 次，请稍后再试', details: [] } });
    // Another network is not held back.
    expect((await check(numbers[0] as string, '203.0.113.78')).status).toBe(200);
    const items = (await table().db.send(new ScanCommand({ TableName: table().tableName, FilterExpression: 'begins_with(pk, :r)', ExpressionAttributeValues: { ':r': 'RATE#certificate' } }))).Items ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(JSON.stringify(items)).not.toContain('203.0.113');
  });
});

// ---- PDFs: the certificate and the printable list ------------------------------------------------------------------

/** The streams of a PDF, inflated where they are deflated. */
function streamsOf(pdf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('>>\nstream\n', at);
    if (start < 0) return out;
    const end = pdf.indexOf('\nendstream', start);
    if (end < 0) return out;
    const raw = pdf.subarray(start + '>>\nstream\n'.length, end);
    try {
      out.push(inflateSync(raw));
    } catch {
      out.push(raw);
    }
    at = end + 1;
  }
}

/** The text a PDF draws, read through its fonts' ToUnicode maps (pdfkit writes 4-digit glyph codes in TJ arrays). */
function textOf(pdf: Buffer): string {
  const streams = streamsOf(pdf).map((s) => s.toString('latin1'));
  const unicode = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const cmap of streams.filter((s) => s.includes('begincmap'))) {
    for (const [, from, , targets] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      // A ligature's entry holds its characters apart: <0066 0069> for "fi".
      [...(targets as string).matchAll(/<([0-9a-f ]+)>/gi)].forEach((t, i) => unicode.set((parseInt(from as string, 16) + i).toString(16).padStart(4, '0'), utf16((t[1] as string).replace(/ /g, ''))));
    }
  }
  const text: string[] = [];
  for (const content of streams.filter((s) => s.includes(' TJ'))) {
    for (const [, array] of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      for (const [, hex] of (array as string).matchAll(/<([0-9a-f]*)>/gi)) for (const code of (hex as string).match(/.{4}/g) ?? []) text.push(unicode.get(code.toLowerCase()) ?? '?');
    }
    text.push('\n');
  }
  return text.join('');
}

/**
 * The QR code a page draws, read back from its squares (pdfkit writes `x y w h re`): the third square is the code's white
 * ground (after the two frames), the rest its dark modules. Painted into pixels (4 per module, a 4-module quiet zone)
 * and decoded with jsQR, as a phone's camera would read the printed page.
 */
function qrTextOf(pdf: Buffer): string | undefined {
  const content = streamsOf(pdf).map((s) => s.toString('latin1')).find((s) => s.includes(' TJ')) ?? '';
  const squares = [...content.matchAll(/^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$/gm)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  const [ground, ...modules] = squares.slice(2);
  if (!ground || modules.length === 0) return undefined;
  const cell = (modules[0] as [number, number, number, number])[2];
  const count = Math.round(ground[2] / cell) - 8;
  const scale = 4;
  const side = (count + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x, y] of modules) {
    const col = Math.round((x - ground[0]) / cell);
    const row = Math.round((y - ground[1]) / cell);
    for (let dy = 0; dy < scale; dy += 1) for (let dx = 0; dx < scale; dx += 1) pixels.fill(0, ((row * scale + dy) * side + col * scale + dx) * 4, ((row * scale + dy) * side + col * scale + dx) * 4 + 3);
  }
  return jsQR(pixels, side, side)?.data;
}

const pdfOf = (res: { status: number; body: Record<string, unknown> }): Buffer => {
  expect(res).toMatchObject({ status: 200, body: { contentType: 'application/pdf' } });
  return Buffer.from(String(res.body.base64), 'base64');
};

describe('GET /v1/honours/{certificateNo}/certificate.pdf and GET /v1/campaigns/{campaignId}/honours.pdf', () => {
  const checkBase = 'https://zhijia.example.cn/h5/';
  beforeAll(() => {
    process.env.CERTIFICATE_CHECK_BASE = checkBase;
  });
  afterAll(() => {
    delete process.env.CERTIFICATE_CHECK_BASE;
  });
  const certificate = (as: string, certificateNo: string) => call(certificates, 'GET /v1/honours/{certificateNo}/certificate.pdf', { as, params: { certificateNo } });

  it('gives the organiser an A4 landscape certificate with the font embedded as a subset, the number, holder, body, date and the check link in a QR code', async () => {
    const res = await certificate(organiser, numbers[0] as string);
    const pdf = pdfOf(res);
    expect(res.body.fileName).toBe(`荣誉证书-${numbers[0]}.pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    // A subset (six-letter tag) of Noto Sans SC, its TrueType program embedded.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
    expect(pdf.length).toBeLessThan(200_000);
    const text = textOf(pdf);
    for (const part of ['荣 誉 证 书', '云台新材料有限公司工会', '「模范职工之家」', '焦作市总工会', '2026年11月23日', `证书编号：${numbers[0]}`]) expect(text).toContain(part);
    expect(text).toContain(`${checkBase.replace(/\/$/, '')}/#/pages/certificate-check/index?no=${numbers[0]}`);
    // The QR code: as many squares as the code of the check link has dark modules, drawn in the page.
    const { modules } = QRCode.create(`https://zhijia.example.cn/h5/#/pages/certificate-check/index?no=${numbers[0]}`, { errorCorrectionLevel: 'M' });
    const dark = Array.from({ length: modules.size * modules.size }, (_, i) => modules.get(Math.floor(i / modules.size), i % modules.size)).filter(Boolean).length;
    const squares = streamsOf(pdf).map((s) => s.toString('latin1')).filter((s) => s.includes(' TJ')).map((s) => (s.match(/ re\n/g) ?? []).length)[0];
    // The two frames, the QR code's white ground, and its dark modules.
    expect(squares).toBe(2 + 1 + dark);
    // Read back as a camera would: the code decodes to the public check of this number.
    expect(qrTextOf(pdf)).toBe(`https://zhijia.example.cn/h5/#/pages/certificate-check/index?no=${numbers[0]}`);
    // A certificate carries only the glyphs it draws: tens of KB, not the 10.6 MB font.
    expect(pdf.length).toBeLessThan(100_000);
  });

  it('says 已撤销 with the date and article on the certificate of a revoked honour', async () => {
    const text = textOf(pdfOf(await certificate(organiser, numbers[1] as string)));
    expect(text).toContain('本荣誉已于2027年3月1日撤销（依据：秦皇岛市选树管理实施办法（2023年） 第十四条）');
  });

  it('gives the chair of the holder\'s union its own certificate, and refuses another union\'s, a member and an unknown number', async () => {
    expect((await certificate(callers.yuntaiChair, numbers[0] as string)).status).toBe(200);
    expect(await certificate(callers.yuntaiChair, numbers[1] as string)).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
    expect(await certificate(callers.yuntaiMember, numbers[0] as string)).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
    expect(await certificate(organiser, 'QINHUANGDAO-2023-2026-0099')).toMatchObject({ status: 404, body: { code: 'CERTIFICATE.NOT_FOUND' } });
    expect(await certificate(organiser, 'nonsense')).toMatchObject({ status: 400, body: { details: [{ path: 'certificateNo' }] } });
  });

  it('gives the organiser the printable list on A4 portrait with every honour and its state; a chair is refused', async () => {
    const list = (as: string) => call(certificates, 'GET /v1/campaigns/{campaignId}/honours.pdf', { as, params: { campaignId: cmp.campaignId } });
    const pdf = pdfOf(await list(organiser));
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = textOf(pdf);
    for (const part of ['2026 年度模范职工之家评选表彰名单', '焦作市总工会', '模范职工之家（2）', numbers[0], '云台新材料有限公司工会', '有效', numbers[1], '解放区人民医院工会', '已撤销']) expect(text).toContain(part);
    expect((await list(callers.yuntaiChair)).status).toBe(403);
  });
});
