import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { MeResponse } from '@shared/api/auth'
import { refreshUnreadCount, useUnreadCount } from '../../services/inbox'
import { returnAddress } from '../../services/return-to'
import { holdsRole, logOut, refreshSession, useSession } from '../../services/session'
import { Badge, Button, Cell, CellGroup, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import RoleTags from '../../components/role-tags'
import DemoLogin from '../../components/demo-login'
import { useWeChatLogIn } from '../../components/log-in-prompt/use-wechat-log-in'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

export default function Home() {
  const session = useSession()
  // Opened to log in from another page (a notice's deep link with an expired session): go back there once logged in.
  const returnTo = returnAddress(useRouter().params.returnTo)
  const returning = session.status === 'signedIn' && returnTo !== null

  useDidShow(() => {
    void refreshSession()
  })

  useEffect(() => {
    if (returning && returnTo) void Taro.reLaunch({ url: returnTo })
  }, [returning, returnTo])

  if (returning) return <Loading />

  switch (session.status) {
    case 'checking':
      return <Loading />
    case 'failed':
      return (
        <View className='home'>
          <View className='home-hero' />
          <View className='home-body'>
            <View className='card'>
              <ErrorState message={session.error.message} onRetry={() => void refreshSession()} />
            </View>
          </View>
        </View>
      )
    case 'signedOut':
      return <SignedOut returning={returnTo !== null} />
    case 'signedIn':
      return <SignedIn me={session.me} />
  }
}

function Loading() {
  return (
    <View className='home'>
      <View className='home-hero' />
      <View className='home-body'>
        <View className='card home-loading'>
          <Skeleton rows={3} animated />
        </View>
      </View>
    </View>
  )
}

/** `returning`: opened from another page to log in; it comes back there afterwards. */
function SignedOut({ returning }: { returning: boolean }) {
  const { pending, error, logIn: onWeChatLogin } = useWeChatLogIn()

  return (
    <View className='home'>
      <View className='home-hero home-welcome'>
        <Text className='home-hero__title'>职工之家</Text>
        <Text className='home-hero__tagline'>会员评家 · 申报评选 · 公示监督</Text>
        <Text className='home-hero__intro'>会员为自己的工会打分，工会主席申报模范职工之家，评选结果向全体会员公示。</Text>
      </View>
      <View className='home-body'>
        {returning ? <Text className='card home-return-note'>登录后将回到你刚才打开的页面。</Text> : null}
        {isWeapp ? (
          <View className='card'>
            <Text className='card__title'>登录</Text>
            <Text className='card__hint'>使用微信登录后，即可参与本单位工会的评家与评选。</Text>
            <Button className='home-wechat-login' type='primary' size='large' block loading={pending} disabled={pending} onClick={() => void onWeChatLogin()}>
              微信登录
            </Button>
            {error ? <Text className='error-message home-login-error'>{error.message}</Text> : null}
          </View>
        ) : process.env.TARO_APP_STAGE === 'local' ? null : (
          <View className='card'>
            <Text className='card__title'>登录</Text>
            <Text className='card__hint'>请在微信中打开「职工之家」小程序登录。</Text>
          </View>
        )}
        {process.env.TARO_APP_STAGE === 'local' ? <DemoLogin /> : null}
        <CellGroup className='home-links'>
          <PublicityLinks />
          <SelfCheckLink />
        </CellGroup>
      </View>
    </View>
  )
}

/** The eligibility self-check needs no account: shown logged in and logged out. */
function SelfCheckLink() {
  return (
    <Cell
      className='home-link-self-check'
      title='资格自查（评选条件）'
      extra='›'
      align='center'
      clickable
      onClick={() => void Taro.navigateTo({ url: '/chair/pages/self-check/index' })}
    />
  )
}

/** 公示 and 举报查询 need no account: shown logged in and logged out. */
function PublicityLinks() {
  return (
    <>
      <Cell className='home-link-publicities' title='公示与举报' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/pages/publicities/index' })} />
      <Cell className='home-link-report-followup' title='举报查询' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/pages/report-followup/index' })} />
    </>
  )
}

/** Investigators: the reports in their scope, in the review subpackage. */
function InvestigatorLinks() {
  return (
    <CellGroup className='home-links home-investigator-links' title='核查工作'>
      <Cell className='home-link-reports' title='举报核查' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/review/pages/reports/index' })} />
    </CellGroup>
  )
}

/** Custodians (身份保管人): investigators' requests to see a reporter's identity (issue 15). */
function CustodianLinks() {
  return (
    <CellGroup className='home-links home-custodian-links' title='身份保管'>
      <Cell className='home-link-identity-requests' title='身份查看审批' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/review/pages/identity-requests/index' })} />
    </CellGroup>
  )
}

/** 消息通知, with the unread count; re-read whenever the home page shows (so after coming back from the inbox). */
function InboxLink() {
  const unread = useUnreadCount()

  useEffect(() => {
    void refreshUnreadCount()
  }, [])
  useDidShow(() => {
    void refreshUnreadCount()
  })

  return (
    <Cell
      className='home-link-inbox'
      title='消息通知'
      extra={
        <View className='home-link-extra'>
          {unread ? <Badge className='home-inbox-badge' value={unread} max={99} /> : null}
          <Text>›</Text>
        </View>
      }
      align='center'
      clickable
      onClick={() => void Taro.navigateTo({ url: '/pages/inbox/index' })}
    />
  )
}

/** Reviewers and organisers: the applications waiting at their orgs and the list boards (review subpackage), the revocation cases and certificate recoveries their federation takes part in (admin). */
function ReviewerLinks() {
  return (
    <CellGroup className='home-links home-reviewer-links' title='审核工作'>
      <Cell className='home-link-review-queue' title='审核申报' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/review/pages/queue/index' })} />
      <Cell className='home-link-revocations' title='撤销案件' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/revocation/index' })} />
      <Cell className='home-link-recovery-tasks' title='收回证书任务' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/recovery-tasks/index' })} />
    </CellGroup>
  )
}

/** Organisers: the audit trail and the notices that could not be delivered, in the admin subpackage. */
function OrganiserLinks() {
  return (
    <CellGroup className='home-links home-organiser-links' title='组织者工作'>
      <Cell className='home-link-org-tree' title='组织架构' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/org-tree/index' })} />
      <Cell className='home-link-roles' title='角色分配' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/roles/index' })} />
      <Cell className='home-link-campaigns' title='评选活动' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/campaigns/index' })} />
      <Cell className='home-link-honours' title='荣誉档案' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/honours/index' })} />
      <Cell className='home-link-audit' title='审计记录' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/audit/index' })} />
      <Cell
        className='home-link-dead-notices'
        title='未送达通知'
        extra='›'
        align='center'
        clickable
        onClick={() => void Taro.navigateTo({ url: '/admin/pages/dead-notices/index' })}
      />
    </CellGroup>
  )
}

/** Platform operators (平台运维): each year's official holiday arrangement, in the admin subpackage. */
function OperatorLinks() {
  return (
    <CellGroup className='home-links home-operator-links' title='平台运维'>
      <Cell className='home-link-holidays' title='节假日安排' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/admin/pages/holidays/index' })} />
    </CellGroup>
  )
}

/** Grassroots chairs: their union's profile, in the chair subpackage. */
function ChairLinks() {
  return (
    <CellGroup className='home-links home-chair-links' title='工会主席工作'>
      <Cell className='home-link-union-profile' title='工会档案' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/union-profile/index' })} />
      <Cell className='home-link-invitation' title='入会邀请码' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/invitation/index' })} />
      <Cell className='home-link-join-status' title='入会情况' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/join-status/index' })} />
      <Cell className='home-link-roster' title='会员名册' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/roster/index' })} />
      <Cell className='home-link-appraisal-open' title='发起评议' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/appraisal-open/index' })} />
      <Cell className='home-link-appraisal-manage' title='评议管理' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/appraisal-manage/index' })} />
      <Cell className='home-link-applications' title='申报评选' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/chair/pages/applications/index' })} />
    </CellGroup>
  )
}

function SignedIn({ me }: { me: MeResponse }) {
  const [first, ...others] = me.memberships
  return (
    <View className='home'>
      <View className='home-hero'>
        <Text className='home-hero__title home-user-name'>{me.name ? `你好，${me.name}` : '你好'}</Text>
        <Text className='home-hero__tagline'>会员评家 · 申报评选 · 公示监督</Text>
      </View>
      <View className='home-body'>
        {first ? (
          <View className='card home-union-card'>
            <Text className='card__label'>我的工会</Text>
            <Text className='home-union-name'>{first.org.name}</Text>
            {first.orgTrail.length > 0 ? <Text className='home-org-trail'>{first.orgTrail.join(' › ')}</Text> : null}
            <RoleTags roles={first.roles} />
            {others.length > 0 ? <Text className='card__hint home-more-orgs'>另有 {others.length} 个组织，见「我的」。</Text> : null}
          </View>
        ) : (
          <View className='card home-unbound'>
            <Text className='card__title'>尚未绑定会员信息</Text>
            <Text className='home-unbound__text'>你的微信尚未绑定工会会员信息，请向本单位工会主席索取邀请码</Text>
            <Button className='home-have-invitation' type='primary' fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: '/pages/join/index' })}>
              我有邀请码
            </Button>
          </View>
        )}
        <CellGroup className='home-links'>
          <InboxLink />
          {me.memberId ? (
            <Cell className='home-link-appraisals' title='我的评议' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/pages/appraisals/index' })} />
          ) : null}
          <PublicityLinks />
          <SelfCheckLink />
          {me.memberId ? (
            <Cell className='home-link-my-record' title='我的会员信息' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/pages/my-record/index' })} />
          ) : null}
          <Cell className='home-link-me' title='我的' extra='›' align='center' clickable onClick={() => void Taro.navigateTo({ url: '/pages/me/index' })} />
        </CellGroup>
        {holdsRole(me, ['investigator']) ? <InvestigatorLinks /> : null}
        {holdsRole(me, ['custodian']) ? <CustodianLinks /> : null}
        {holdsRole(me, ['reviewer', 'organiser']) ? <ReviewerLinks /> : null}
        {holdsRole(me, ['organiser']) ? <OrganiserLinks /> : null}
        {holdsRole(me, ['operator']) ? <OperatorLinks /> : null}
        {holdsRole(me, ['chair', 'viceChair']) ? <ChairLinks /> : null}
        <Button className='home-logout' type='default' fill='outline' size='large' block onClick={logOut}>
          退出登录
        </Button>
      </View>
    </View>
  )
}
