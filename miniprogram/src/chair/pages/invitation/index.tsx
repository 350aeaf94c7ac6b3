import { useCallback, useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import type { InvitationView } from '@shared/api/joining'
import { toApiError, type ApiError } from '../../../services/api-client'
import { chairedUnions, currentInvitation, issueInvitation, revokeInvitation } from '../../../services/joining'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import PrivacyPopup from '../../../components/privacy-popup'
import { withPrivacy } from '../../../services/privacy'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'
const isH5 = process.env.TARO_ENV === 'h5'
const instruction = '用微信扫一扫，按提示核对身份即可加入'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; invitation: InvitationView | null }

/** ABCD EFGH JKMN PQRS: easier to read aloud and to type from a poster. */
const grouped = (code: string): string => code.replace(/(.{4})(?=.)/g, '$1 ')

/** The H5 join link: the mini-program's join page on this site (WeChat cannot resolve the QR code in a browser). */
function joinLinkOf(joinPath: string): string {
  if (!isH5) return `#/${joinPath}`
  return `${window.location.origin}${window.location.pathname}#/${joinPath}`
}

/**
 * 入会邀请码: the union's invitation as a printable sheet — the mini-program code large, the union's name and
 * a one-line instruction — with 保存图片 in WeChat and 打印 on H5; the chair may rotate or stop the code.
 */
export default function InvitationPage() {
  const { params } = useRouter()
  const session = useSession()
  const unions = session.status === 'signedIn' ? chairedUnions(session.me) : []
  const orgId = params.orgId ?? unions[0]?.org.orgId

  useLoad(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  if (!orgId) {
    if (session.status === 'checking') {
      return (
        <View className='invitation'>
          <View className='card'>
            <Skeleton rows={4} animated />
          </View>
        </View>
      )
    }
    return (
      <View className='invitation'>
        <View className='card'>
          <Text className='card__title'>仅工会主席可用</Text>
          <Text className='card__hint'>入会邀请码由本单位工会主席或副主席生成。请先以工会主席身份登录。</Text>
        </View>
      </View>
    )
  }
  return <InvitationOf orgId={orgId} />
}

function InvitationOf({ orgId }: { orgId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [pending, setPending] = useState<'issue' | 'revoke' | 'save' | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      setLoad({ status: 'ready', invitation: await currentInvitation(orgId) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [orgId])

  useEffect(() => {
    void reload()
  }, [reload])

  async function act(kind: 'issue' | 'revoke', confirm?: { title: string; content: string }) {
    if (confirm) {
      const answer = await Taro.showModal({ title: confirm.title, content: confirm.content, confirmColor: '#c8161d' })
      if (!answer.confirm) return
    }
    setPending(kind)
    setActionError(null)
    try {
      if (kind === 'issue') setLoad({ status: 'ready', invitation: await issueInvitation(orgId) })
      else {
        await revokeInvitation(orgId)
        setLoad({ status: 'ready', invitation: null })
      }
    } catch (caught) {
      setActionError(toApiError(caught).message)
    } finally {
      setPending(null)
    }
  }

  async function onSave(invitation: InvitationView) {
    if (!invitation.qrImage) return
    setPending('save')
    setActionError(null)
    try {
      await saveToAlbum(invitation.qrImage, invitation.code)
      void Taro.showToast({ title: '已保存到相册', icon: 'success' })
    } catch (caught) {
      setActionError(albumErrorOf(caught))
    } finally {
      setPending(null)
    }
  }

  if (load.status === 'loading') {
    return (
      <View className='invitation'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='invitation'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }

  const { invitation } = load
  if (!invitation) {
    return (
      <View className='invitation'>
        <View className='card invitation-empty'>
          <Text className='card__title'>还没有入会邀请码</Text>
          <Text className='card__hint'>生成后，会员用微信扫一扫邀请码，核对名册上的姓名和工号（或手机号后四位）即可加入本工会。</Text>
          <Button className='invitation-issue' type='primary' size='large' block loading={pending === 'issue'} disabled={pending !== null} onClick={() => void act('issue')}>
            生成邀请码
          </Button>
          {actionError ? <Text className='invitation-error'>{actionError}</Text> : null}
        </View>
      </View>
    )
  }

  return (
    <View className='invitation'>
      <PrivacyPopup />
      <View className='card invitation-sheet'>
        <Text className='invitation-sheet__title'>入会邀请码</Text>
        <Text className='invitation-union-name'>{invitation.orgName}</Text>
        {invitation.qrImage ? (
          // Square in a square: scaleToFill draws it whole (H5's aspectFit would not centre it).
          <Image className='invitation-qr' src={invitation.qrImage} mode='scaleToFill' showMenuByLongpress />
        ) : (
          <View className='invitation-qr invitation-qr--missing'>
            <Text className='invitation-qr__error'>{invitation.qrError ?? '暂时无法生成小程序码'}</Text>
          </View>
        )}
        <Text className='invitation-instruction'>{instruction}</Text>
        <Text className='invitation-code-label'>邀请码</Text>
        <Text className='invitation-code' data-code={invitation.code}>
          {grouped(invitation.code)}
        </Text>
        {isH5 ? (
          <View className='invitation-link'>
            <Text className='invitation-link__label'>加入链接（在浏览器中打开）</Text>
            <Text className='invitation-join-link' userSelect>
              {joinLinkOf(invitation.joinPath)}
            </Text>
          </View>
        ) : null}
      </View>

      <View className='invitation-actions'>
        {isWeapp && invitation.qrImage ? (
          <Button className='invitation-save' type='primary' size='large' block loading={pending === 'save'} disabled={pending !== null} onClick={() => void onSave(invitation)}>
            保存图片
          </Button>
        ) : null}
        {isH5 ? (
          <Button className='invitation-print' type='primary' size='large' block onClick={() => window.print()}>
            打印
          </Button>
        ) : null}
        <Button
          className='invitation-rotate'
          type='default'
          fill='outline'
          size='large'
          block
          loading={pending === 'issue'}
          disabled={pending !== null}
          onClick={() => void act('issue', { title: '更换邀请码', content: '更换后，已打印或转发的旧邀请码将立即失效。确定更换吗？' })}
        >
          更换邀请码
        </Button>
        <Button
          className='invitation-revoke'
          type='default'
          fill='none'
          size='large'
          block
          loading={pending === 'revoke'}
          disabled={pending !== null}
          onClick={() => void act('revoke', { title: '停用邀请码', content: '停用后，会员将无法再用此邀请码加入，直到重新生成。确定停用吗？' })}
        >
          停用邀请码
        </Button>
        {actionError ? <Text className='invitation-error'>{actionError}</Text> : null}
        <Text className='invitation-note'>邀请码只用于核对名册后绑定，不会泄露名册信息。如怀疑邀请码被滥用，请更换。</Text>
      </View>
    </View>
  )
}

/** Writes the data URL to a file and saves it to the phone's album (WeChat asks the user the first time). */
async function saveToAlbum(dataUrl: string, code: string): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/invitation-${code}.png`
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: dataUrl.replace(/^data:image\/\w+;base64,/, ''),
      encoding: 'base64',
      success: () => resolve(),
      fail: (error) => reject(new Error(error.errMsg)),
    })
  })
  await withPrivacy('saveImageToPhotosAlbum', () => Taro.saveImageToPhotosAlbum({ filePath }))
}

function albumErrorOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : ''
  if (/auth|authorize|deny/i.test(message)) return '未获得保存到相册的权限：请在右上角「…」›「设置」中允许保存到相册后重试'
  if (/cancel/i.test(message)) return '已取消保存'
  return '保存失败，请长按图片保存，或稍后再试'
}
