import { wechatFailure, wechatFailureMessages, type WechatFailure } from '../../../miniprogram/src/services/wechat-failure';

/**
 * The errMsg strings are the ones WeChat's clients (iOS, Android, DevTools) and Taro's H5 stand-ins reject with, as
 * reported in WeChat's documentation and developer community; each maps to a message a person can act on.
 */
const failed = (result: WechatFailure) => {
  if (result.cancelled) throw new Error('expected a failure, got a cancellation');
  return result;
};
const codeOf = (cause: unknown, api?: string) => failed(wechatFailure(cause, api)).code;

describe('a request that cannot reach the API', () => {
  it('names the 服务器域名 list the domain is missing from (errno 600002)', () => {
    const result = failed(wechatFailure({ errMsg: 'request:fail url not in domain list', errno: 600002 }));
    expect(result).toMatchObject({ code: 'WECHAT.DOMAIN_NOT_ALLOWED', errno: 600002 });
    expect(result.message).toBe('服务器域名未登记为小程序的「request 合法域名」，暂时无法连接，请联系管理员处理');
    expect(failed(wechatFailure({ errMsg: 'request:fail url not in domain list:ls.example.com' })).code).toBe('WECHAT.DOMAIN_NOT_ALLOWED');
  });

  it('tells uploadFile and downloadFile domains apart', () => {
    expect(failed(wechatFailure({ errMsg: 'uploadFile:fail url not in domain list' })).message).toContain('「uploadFile 合法域名」');
    expect(failed(wechatFailure({ errMsg: 'downloadFile:fail url not in domain list', errno: 600002 })).message).toContain('「downloadFile 合法域名」');
  });

  it('says 网络超时 for a timeout, however the client words it', () => {
    for (const errMsg of ['request:fail timeout', 'uploadFile:fail timeout', 'request:fail 请求超时。', 'request:fail -118:net::ERR_CONNECTION_TIMED_OUT', 'request:fail socket time out timeout:6000']) {
      expect([errMsg, codeOf({ errMsg })]).toEqual([errMsg, 'NETWORK.TIMEOUT']);
    }
    expect(wechatFailureMessages['NETWORK.TIMEOUT']).toBe('网络超时，请检查网络后重试');
  });

  it('says the secure connection failed for TLS and certificate errors', () => {
    for (const errMsg of [
      'request:fail ssl hand shake error',
      'request:fail -202:net::ERR_CERT_AUTHORITY_INVALID',
      'request:fail -200:net::ERR_CERT_COMMON_NAME_INVALID',
      'request:fail -107:net::ERR_SSL_PROTOCOL_ERROR',
      'request:fail 发生了 SSL 错误，无法建立与该服务器的安全连接。',
    ]) {
      expect([errMsg, codeOf({ errMsg })]).toEqual([errMsg, 'NETWORK.TLS']);
    }
  });

  it('says 网络连接失败 when the network or the server is not there', () => {
    for (const cause of [
      { errMsg: 'request:fail -102:net::ERR_CONNECTION_REFUSED' },
      { errMsg: 'request:fail -105:net::ERR_NAME_NOT_RESOLVED' },
      { errMsg: 'request:fail -106:net::ERR_INTERNET_DISCONNECTED' },
      { errMsg: 'request:fail 似乎已断开与互联网的连接。' },
      { errMsg: 'request:fail 未能找到使用指定主机名的服务器。' },
      { errMsg: 'request:fail interrupted' },
      { errMsg: 'request:fail network interrupted error', errno: 600003 },
      { errMsg: 'request:fail ', errno: 600000 },
      { errMsg: 'request:fail' },
    ]) {
      expect([cause.errMsg, codeOf(cause)]).toEqual([cause.errMsg, 'NETWORK.UNREACHABLE']);
    }
    expect(failed(wechatFailure({ errMsg: 'request:fail -102:net::ERR_CONNECTION_REFUSED' })).message).toBe('网络连接失败，请检查网络后重试');
  });

  it('reads the H5 fetch failures Taro passes on: a TypeError, and an abort at the timeout', () => {
    expect(codeOf(new TypeError('Failed to fetch'), 'request')).toBe('NETWORK.UNREACHABLE');
    expect(codeOf(new TypeError('Load failed'), 'request')).toBe('NETWORK.UNREACHABLE');
    expect(codeOf(new DOMException('signal is aborted without reason', 'AbortError'), 'request')).toBe('NETWORK.TIMEOUT');
    // Taro's H5 uploadFile: an XHR error event has no message.
    expect(codeOf({ errMsg: 'uploadFile:fail undefined' })).toBe('NETWORK.UNREACHABLE');
  });

  it('does not take an aborted request for a cancelled picker', () => {
    expect(wechatFailure({ errMsg: 'request:fail abort' }).cancelled).toBe(false);
    expect(codeOf({ errMsg: 'request:fail abort' })).toBe('NETWORK.UNREACHABLE');
  });
});

describe('privacy (用户隐私保护指引)', () => {
  it('says the guide does not declare the feature (errno 112), naming it', () => {
    const file = failed(wechatFailure({ errMsg: 'chooseMessageFile:fail api scope is not declared in the privacy agreement', errno: 112 }));
    expect(file).toMatchObject({ code: 'WECHAT.PRIVACY_NOT_DECLARED', errno: 112 });
    expect(file.message).toBe('小程序的《用户隐私保护指引》未声明“从聊天中选择文件”，暂时无法使用，请联系管理员处理');
    expect(failed(wechatFailure({ errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' })).message).toContain('“剪贴板”');
    expect(failed(wechatFailure({ errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement' })).message).toContain('“相册和相机”');
  });

  it('asks the person to agree when they refused the privacy pop-up (errno 104, 103)', () => {
    const refused = failed(wechatFailure({ errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }));
    expect(refused.code).toBe('WECHAT.PRIVACY_REFUSED');
    expect(refused.message).toBe('需要先同意《用户隐私保护指引》才能使用此功能：请再点一次，并在弹窗中选择“同意”');
    expect(codeOf({ errMsg: 'getLocation:fail privacy permission is not authorized or buttonId is wrong' })).toBe('WECHAT.PRIVACY_REFUSED');
    expect(codeOf({ errMsg: 'setClipboardData:fail privacy permission is not authorized', errno: 103 })).toBe('WECHAT.PRIVACY_REFUSED');
  });
});

describe('pickers and permissions', () => {
  it('answers cancelled, not a failure, when the person closes a picker', () => {
    for (const errMsg of ['chooseMedia:fail cancel', 'chooseImage:fail cancel', 'chooseMessageFile:fail cancel', 'showActionSheet:fail cancel']) {
      expect([errMsg, wechatFailure({ errMsg })]).toEqual([errMsg, { cancelled: true }]);
    }
    // Taro's H5 chooseMedia: a bare 'cancel' or 'abort' from the file input.
    expect(wechatFailure({ errMsg: 'cancel' }, 'chooseMedia')).toEqual({ cancelled: true });
    expect(wechatFailure({ errMsg: 'abort' }, 'chooseMedia')).toEqual({ cancelled: true });
  });

  it('points to the settings when the album, the camera or a scope was refused', () => {
    const media = failed(wechatFailure({ errMsg: 'chooseMedia:fail auth deny' }));
    expect(media.code).toBe('WECHAT.PERMISSION_DENIED');
    expect(media.message).toBe('没有使用相册或相机的权限：请点右上角“···”→“设置”允许，或在手机的系统设置中允许微信访问相册和相机后重试');
    expect(codeOf({ errMsg: 'chooseImage:fail system permission denied' })).toBe('WECHAT.PERMISSION_DENIED');
    expect(failed(wechatFailure({ errMsg: 'authorize:fail auth deny' })).message).toBe('没有使用“授权”的权限：请点右上角“···”→“设置”允许后重试');
  });
});

describe('files', () => {
  it('says 文件过大 when an upload or a picked file is over the client’s limit', () => {
    const large = failed(wechatFailure({ errMsg: 'uploadFile:fail file size exceed' }));
    expect(large).toMatchObject({ code: 'FILE.TOO_LARGE', message: '文件过大，请压缩或拆分后重试' });
  });

  it('says the phone’s storage is full when WeChat’s file storage limit is reached', () => {
    expect(codeOf({ errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded', errno: 1300202 })).toBe('FILE.STORAGE_FULL');
  });

  it('asks to pick the file again when a temporary file has gone', () => {
    const gone = failed(wechatFailure({ errMsg: 'readFile:fail no such file or directory wxfile://tmp_8b2e.jpg' }));
    expect(gone).toMatchObject({ code: 'FILE.UNREADABLE', message: '无法读取所选文件，请重新选择' });
  });
});

describe('anything else', () => {
  it('keeps WeChat’s own words beside a generic message, so support can tell what happened', () => {
    const other = failed(wechatFailure({ errMsg: 'compressImage:fail invalid image' }));
    expect(other).toMatchObject({ code: 'WECHAT.FAILED', message: '操作未完成，请稍后重试（compressImage:fail invalid image）' });
    expect(failed(wechatFailure(undefined))).toMatchObject({ code: 'WECHAT.FAILED', message: '操作未完成，请稍后重试' });
    expect(failed(wechatFailure('setClipboardData:fail', 'setClipboardData')).code).toBe('WECHAT.FAILED');
  });

  it('gives every code a Chinese message', () => {
    for (const message of Object.values(wechatFailureMessages)) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });
});
