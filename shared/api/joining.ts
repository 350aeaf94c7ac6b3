import * as z from 'zod';

/**
 * Joining a union by invitation (入会邀请): the chair's invitation code and QR code, the member's binding of
 * their WeChat account to their roster entry, and the chair's view of who has joined.
 */

/**
 * An invitation code: 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L), 80 random bits, so
 * it cannot be guessed. It fits WeChat's `scene` (≤ 32 visible characters) as it is.
 */
export const invitationCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const invitationCodeLength = 16;
export const invitationCodePattern = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{16}$/;

/** What a member types or scans; spaces and lower case are forgiven. */
export const invitationCode = z
  .string({ error: '请填写邀请码（code）' })
  .transform((value) => value.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().min(1, '请填写邀请码（code）').regex(invitationCodePattern, '邀请码（code）应为 16 位字母和数字，请核对'));

/** The mini-program page a scanned invitation opens, and the query it reads the code from. */
export const joinPage = 'pages/join/index';
export const joinPathOf = (code: string): string => `${joinPage}?scene=${encodeURIComponent(code)}`;

/** GET /v1/orgs/{orgId}/invitation — the chair's current invitation, with its QR code when WeChat made one. */
export const invitationView = z.object({
  code: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  createdAt: z.string(),
  /** `pages/join/index?scene=<code>`: what the QR code opens; on H5 the join link is `#/` + this. */
  joinPath: z.string(),
  /** The mini-program code (getUnlimited) as a `data:image/png;base64,…` URL; null when WeChat could not make it. */
  qrImage: z.string().nullable(),
  /** Why there is no QR image (Chinese, to show as it is). */
  qrError: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationView>;

export const invitationResponse = z.object({ invitation: invitationView.nullable() });
export type InvitationResponse = z.infer<typeof invitationResponse>;

/** DELETE /v1/orgs/{orgId}/invitation */
export const invitationRevokedResponse = z.object({ revoked: z.boolean() });

/** GET /v1/invitations/{code} — public: only what a member needs to see whom they are joining. */
export const invitationPublicResponse = z.object({ orgName: z.string() });
export type InvitationPublicResponse = z.infer<typeof invitationPublicResponse>;

/** Full-width letters and digits (ＡＢ１２) as phone keyboards type them, and every kind of space, tidied away. */
const tidy = (value: string): string =>
  value
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u200b-\u200d\ufeff]+/g, '');

/** A name as typed and as on the roster compare equal: no spaces, one kind of middle dot (阿依古丽·买买提). */
export const normaliseMemberName = (value: string): string => tidy(value).replace(/[\u00b7\u2022\u2027\u30fb\uff65]/g, '·');

/** How a member proves they are the person on the roster, besides their name. */
export const bindMethods = ['employeeNo', 'phoneTail'] as const;
export type BindMethod = (typeof bindMethods)[number];

const memberName = z
  .string({ error: '请填写姓名（name）' })
  .transform(normaliseMemberName)
  .pipe(z.string().min(1, '请填写姓名（name）').max(40, '姓名（name）不能超过 40 个字'));

/** POST /v1/invitations/{code}/bind */
export const bindRequest = z.discriminatedUnion(
  'method',
  [
    z.object({
      method: z.literal('employeeNo'),
      name: memberName,
      employeeNo: z
        .string({ error: '请填写工号（employeeNo）' })
        .transform(tidy)
        .pipe(z.string().min(1, '请填写工号（employeeNo）').max(40, '工号（employeeNo）不能超过 40 个字符')),
    }),
    z.object({
      method: z.literal('phoneTail'),
      name: memberName,
      phoneTail: z.string({ error: '请填写手机号后四位（phoneTail）' }).transform(tidy).pipe(z.string().regex(/^\d{4}$/, '手机号后四位（phoneTail）应为 4 位数字')),
    }),
  ],
  { error: '请选择核对方式（method）：工号或手机号后四位' },
);
export type BindRequest = z.infer<typeof bindRequest>;

export const bindResponse = z.object({
  /** A fresh session token, bound to the member: use it from now on. */
  token: z.string(),
  expiresAt: z.string(),
  memberId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
});
export type BindResponse = z.infer<typeof bindResponse>;

/** GET /v1/orgs/{orgId}/join-status */
export const joinStatusResponse = z.object({
  orgId: z.string(),
  orgName: z.string(),
  counts: z.object({
    /** Active members on the roster (members who left are not counted). */
    onRoster: z.number().int().min(0),
    /** Of those, bound to a WeChat account. */
    bound: z.number().int().min(0),
    notBound: z.number().int().min(0),
  }),
  /** The bound members, most recently joined first; `boundAt` is null for accounts bound before online joining. */
  joined: z.array(z.object({ name: z.string(), boundAt: z.string().nullable() })),
});
export type JoinStatusResponse = z.infer<typeof joinStatusResponse>;

/** POST /v1/auth/demo-wechat — local stage only: log in as a brand-new WeChat user (not on any roster). */
export const demoWechatRequest = z.object({
  nickname: z.string().trim().max(20, '昵称（nickname）不能超过 20 个字').optional(),
});
