import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { MeResponse } from '@shared/api/auth'
import { applicationStatusLabels } from '@shared/api/campaign'
import type { Org } from '@shared/domain/org'
import { nomineeKindLabels } from '@shared/rules/facts'
import { toApiError, type ApiError } from '../../../services/api-client'
import { applicationQueue, campaigns as listCampaigns, type ApplicationSummary, type CampaignView } from '../../../services/campaign'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

type Tab = 'submitted' | 'passed'
const tabLabels: Record<Tab, string> = { submitted: '待审核', passed: '已通过' }

interface OrgQueue {
  org: Org
  submitted: ApplicationSummary[]
  passed: ApplicationSummary[]
}

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; queues: OrgQueue[]; campaigns: CampaignView[] }

/** The orgs where the member reviews (reviewer) or runs campaigns (organiser): where applications wait for them. */
export function reviewOrgs(me: MeResponse): Org[] {
  const orgs = me.memberships.filter((m) => m.roles.includes('reviewer') || m.roles.includes('organiser')).map((m) => m.org)
  return orgs.filter((org, index) => orgs.findIndex((o) => o.orgId === org.orgId) === index)
}

/** The list boards an org's reviewers keep: its own as a recommending unit, and an organiser's of every unit. */
function boardsOf(org: Org, campaigns: CampaignView[]): { campaign: CampaignView; unit: { orgId: string; quotaName: string } }[] {
  return campaigns.flatMap((campaign) =>
    campaign.recommendingUnits.filter((u) => u.orgId === org.orgId || campaign.orgId === org.orgId).map((unit) => ({ campaign, unit })),
  )
}

/**
 * 审核申报: the applications waiting at each org where the member is a reviewer or organiser — 待审核 (submitted)
 * and 已通过 (passed, still on the level's list board) — and the list boards of the campaigns they recommend for.
 */
export default function QueuePage() {
  const session = useSession()
  const orgs = useMemo(() => (session.status === 'signedIn' ? reviewOrgs(session.me) : []), [session])
  const [tab, setTab] = useState<Tab>('submitted')
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const loaded = useRef(false)
  const orgKey = orgs.map((o) => o.orgId).join(',')

  // The orgs as of the last render, for loads started by a timer or a page event.
  const orgsRef = useRef(orgs)
  orgsRef.current = orgs

  const reload = useCallback(async (quiet = false) => {
    const list = orgsRef.current
    if (list.length === 0) return
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const [queues, campaigns] = await Promise.all([
        Promise.all(
          list.map(async (org) => {
            const [submitted, passed] = await Promise.all([applicationQueue(org.orgId, 'submitted'), applicationQueue(org.orgId, 'passed')])
            return { org, submitted, passed }
          }),
        ),
        listCampaigns(),
      ])
      setLoad({ status: 'ready', queues, campaigns })
      loaded.current = true
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  // First load once the session names the orgs; a later show (back from a review) reloads quietly.
  useEffect(() => {
    if (orgKey) void reload()
  }, [orgKey, reload])

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
    else if (loaded.current) void reload(true)
  })

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (session.status === 'checking') {
    return (
      <View className='queue'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (orgs.length === 0) {
    return (
      <View className='queue'>
        <View className='card'>
          <Text className='card__title'>{session.status === 'signedOut' ? '请先登录' : '仅审核人可用'}</Text>
          <Text className='card__hint'>申报由推荐单位（县区、产业工会）的审核人和评选组织者审核。</Text>
          <Button type='primary' fill='outline' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='queue'>
        <View className='card'>
          <ErrorState message={load.error.message} onRetry={() => void reload()} />
        </View>
      </View>
    )
  }
  if (load.status === 'loading') {
    return (
      <View className='queue'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }

  const headingOf = (campaignId: string) => load.campaigns.find((c) => c.campaignId === campaignId)?.heading ?? ''
  const waiting = load.queues.reduce((n, q) => n + q.submitted.length, 0)

  return (
    <View className='queue'>
      <View className='queue-intro'>
        <Text className='queue-intro__text'>待审核 {waiting} 件。审核意见和依据条款记入审计；退回修改的申报回到申报单位。</Text>
      </View>
      <View className='queue-tabs'>
        {(Object.keys(tabLabels) as Tab[]).map((t) => (
          <View key={t} className={`queue-tab${tab === t ? ' queue-tab--active' : ''}`} data-tab={t} onClick={() => setTab(t)}>
            <Text>{tabLabels[t]}</Text>
          </View>
        ))}
      </View>
      {load.queues.map(({ org, ...lists }) => {
        const items = lists[tab]
        const boards = boardsOf(org, load.campaigns)
        return (
          <View key={org.orgId} className='queue-org' data-org-id={org.orgId}>
            <Text className='queue-org__name'>{org.name}</Text>
            {items.length === 0 ? (
              <View className='card queue-empty'>
                <Text className='card__hint'>{tab === 'submitted' ? '暂无待审核的申报。' : '暂无审核通过、待上报的申报。'}</Text>
              </View>
            ) : (
              items.map((a) => (
                <View
                  key={a.applicationId}
                  className={`card queue-item queue-item--${a.status}`}
                  data-application-id={a.applicationId}
                  data-status={a.status}
                  onClick={() => void Taro.navigateTo({ url: `/review/pages/application-review/index?applicationId=${encodeURIComponent(a.applicationId)}` })}
                >
                  <View className='queue-item__head'>
                    <Text className='queue-item__title'>{a.titleLabel}</Text>
                    <Text className={`queue-item__status queue-status--${a.status}`}>{applicationStatusLabels[a.status]}</Text>
                  </View>
                  <Text className='queue-item__nominee'>
                    {a.nominee.name}（{nomineeKindLabels[a.nominee.kind]}）
                  </Text>
                  <Text className='queue-item__campaign'>{headingOf(a.campaignId)}</Text>
                </View>
              ))
            )}
            {boards.length > 0 ? (
              <View className='card queue-boards'>
                <Text className='queue-boards__title'>推荐名单</Text>
                {boards.map(({ campaign, unit }) => (
                  <View
                    key={`${campaign.campaignId}:${unit.orgId}`}
                    className='queue-board'
                    data-campaign-id={campaign.campaignId}
                    data-unit={unit.orgId}
                    onClick={() =>
                      void Taro.navigateTo({ url: `/review/pages/list-board/index?campaignId=${encodeURIComponent(campaign.campaignId)}&orgId=${encodeURIComponent(unit.orgId)}` })
                    }
                  >
                    <Text className='queue-board__name'>
                      {campaign.heading} · {unit.quotaName}
                    </Text>
                    <Text className='queue-board__more'>›</Text>
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
