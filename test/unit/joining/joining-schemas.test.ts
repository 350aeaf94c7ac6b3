import { bindRequest, invitationCode, invitationCodePattern, joinPathOf, normaliseMemberName } from '../../../shared/api/joining';
import { issuesToDetails } from '../../../shared/validation';
import { newInvitationCode } from '../../../functions/joining/joining';
import { sceneProblem } from '../../../functions/wechat/wxacode';

describe('invitation codes', () => {
  it('are 16 characters without look-alikes, fit a WeChat scene, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newInvitationCode);
    for (const code of codes) {
      expect(code).toMatch(invitationCodePattern);
      expect(code).not.toMatch(/[01ILO]/);
      expect(sceneProblem(code)).toBeUndefined();
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(joinPathOf(codes[0] ?? '')).toBe(`pages/join/index?scene=${codes[0]}`);
  });

  it('forgive spaces, dashes and lower case as a member types them from a poster', () => {
    expect(invitationCode.parse(' abcd-efgh jkmn pqrs ')).toBe('ABCDEFGHJKMNPQRS');
    const result = invitationCode.safeParse('ABCD');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.message)).toEqual(['邀请码（code）应为 16 位字母和数字，请核对']);
  });
});

describe('the bind request', () => {
  it('tidies what phone keyboards type: full-width digits, spaces, middle dots', () => {
    expect(bindRequest.parse({ method: 'phoneTail', name: ' 阿依古丽 • 买买提 ', phoneTail: '１２ ３４' })).toEqual({ method: 'phoneTail', name: '阿依古丽·买买提', phoneTail: '1234' });
    expect(bindRequest.parse({ method: 'employeeNo', name: '张三', employeeNo: 'ＹＵＮ 0010' })).toEqual({ method: 'employeeNo', name: '张三', employeeNo: 'YUN0010' });
    expect(normaliseMemberName('欧阳 明月')).toBe('欧阳明月');
  });

  it('names each failing field in Chinese', () => {
    const result = bindRequest.safeParse({ method: 'phoneTail', name: '', phoneTail: '123' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(issuesToDetails(result.error.issues)).toEqual([
        { path: 'name', message: '请填写姓名（name）' },
        { path: 'phoneTail', message: '手机号后四位（phoneTail）应为 4 位数字' },
      ]);
    }
  });
});
