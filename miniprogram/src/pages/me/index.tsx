import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { orgLevelLabels } from '@shared/domain/org'
import type { MeResponse } from '@shared/api/auth'
import { logOut, refreshSession, useSession } from '../../services/session'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import LogInPrompt from '../../components/log-in-prompt'
import RoleTags from '../../components/role-tags'
import './index.scss'

function backHome() {
  void Taro.reLaunch({ url: '/pages/index/index' })
}

export default function Me() {
  const session = useSession()

  useDidShow(() => {
    void refreshSession()
  })

  switch (session.status) {
    case 'checking':
      return (
        <View className='me'>
          <View className='card'>
            <Skeleton rows={4} animated />
          </View>
        </View>
      )
    case 'failed':
      return (
        <View className='me'>
          <View className='card'>
            <ErrorState message={session.error.message} onRetry={() => void refreshSession()} />
          </View>
        </View>
      )
    case 'signedOut':
      return (
        <View className='me'>
          <View className='me-signed-out'>
            <LogInPrompt hint='登录后可查看你所在的工会和担任的角色。' expired={session.expired} />
          </View>
          <PrivacyGuideLink />
        </View>
      )
    case 'signedIn':
      return <Profile me={session.me} />
  }
}

function Profile({ me }: { me: MeResponse }) {
  const name = me.name ?? '会员'
  return (
    <View className='me'>
      <View className='card me-profile'>
        <View className='me-avatar'>
          <Text className='me-avatar__text'>{name.slice(0, 1)}</Text>
        </View>
        <View className='me-profile__text'>
          <Text className='me-user-name'>{name}</Text>
          <Text className='me-profile__sub'>{me.memberships.length > 0 ? `加入 ${me.memberships.length} 个工会组织` : '尚未绑定会员信息'}</Text>
        </View>
      </View>

      <Text className='me-section-title'>我的工会</Text>
      {me.memberships.length === 0 ? (
        <View className='card me-unbound'>
          <Text className='me-unbound__text'>你的微信尚未绑定工会会员信息，请向本单位工会主席索取邀请码</Text>
        </View>
      ) : (
        me.memberships.map((membership) => (
          <View key={membership.org.orgId} className='card me-membership'>
            <Text className='card__label'>{orgLevelLabels[membership.org.level]}</Text>
            <Text className='me-membership__name'>{membership.org.name}</Text>
            {membership.orgTrail.length > 0 ? <Text className='me-membership__trail'>{membership.orgTrail.join(' › ')}</Text> : null}
            <RoleTags roles={membership.roles} />
          </View>
        ))
      )}

      <Button
        className='me-logout'
        type='default'
        fill='outline'
        size='large'
        block
        onClick={() => {
          logOut()
          backHome()
        }}
      >
        退出登录
      </Button>
      <PrivacyGuideLink />
    </View>
  )
}

/** 隐私保护指引: what the mini-program collects and why (pages/privacy), reachable from 我的 at any time. */
function PrivacyGuideLink() {
  return (
    <Text className='me-privacy-link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
      隐私保护指引
    </Text>
  )
}
