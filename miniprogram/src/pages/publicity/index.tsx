import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { entryStatusLabels, publicityStatusLabels, type PublicityView } from '@shared/api/publicity'
import { windowLengthText } from '@shared/publicity/window-length'
import { toApiError, type ApiError } from '../../services/api-client'
import { isProvisionalEnd, publicity, publicityCountdown, publicityEnd, publicityStart } from '../../services/publicity'
import { Button, Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import LogInPrompt from '../../components/log-in-prompt'
import { ProvisionalNote, ProvisionalTag } from '../../components/provisional-end'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; publicity: PublicityView }

/**
 * 公示详情: one publicity list — heading, level, the publishing federation, the window's end and the working days
 * left, the article it rests on, and each nominee with their status. A tap on a nominee opens their summary and the
 * report form.
 */
export default function PublicityPage() {
  const { params } = useRouter()
  const publicityId = params.publicityId
  if (!publicityId) {
    return (
      <View className='publicity'>
        <View className='card'>
          <Text className='card__title'>未指定公示</Text>
          <Text className='card__hint'>请从公示列表中选择。</Text>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: '/pages/publicities/index' })}>
            去公示列表
          </Button>
        </View>
      </View>
    )
  }
  return <PublicityDetail publicityId={publicityId} />
}

function PublicityDetail({ publicityId }: { publicityId: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoad({ status: 'loading' })
      try {
        setLoad({ status: 'ready', publicity: await publicity(publicityId) })
      } catch (caught) {
        setLoad({ status: 'failed', error: toApiError(caught) })
      }
    },
    [publicityId],
  )

  useEffect(() => {
    void reload()
  }, [reload])

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  if (load.status === 'loading') {
    return (
      <View className='publicity'>
        <View className='card'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    )
  }
  if (load.status === 'failed') {
    const { error } = load
    // A unit-level list answers only to the union's members: retrying would not help, logging in might.
    const needsLogIn = error.status === 401 || error.code === 'PUBLICITY.MEMBERS_ONLY'
    return (
      <View className='publicity'>
        <View className='card'>
          {needsLogIn ? (
            <View className='publicity-members-only'>
              <LogInPrompt title='仅限本单位会员查看' hint={error.message} />
            </View>
          ) : (
            <ErrorState message={error.message} onRetry={() => void reload()} />
          )}
        </View>
      </View>
    )
  }

  const p = load.publicity
  const reportable = p.status !== 'scheduled'
  const provisional = isProvisionalEnd(p)
  return (
    <View className='publicity'>
      <View className='card publicity-head' data-status={p.status}>
        <View className='publicity-head__tags'>
          <Text className='publicity-level'>{p.levelLabel}</Text>
          <Text className={`publicity-status publicity-status--${p.status}`}>{publicityStatusLabels[p.status]}</Text>
        </View>
        <Text className='publicity-heading'>{p.heading}</Text>
        <Text className='publicity-org'>发布单位：{p.orgName}</Text>
        <View
          className={`publicity-countdown publicity-countdown--${p.status}${provisional ? ' publicity-countdown--provisional' : ''}`}
          data-days-left={p.workingDaysLeft}
          data-provisional={provisional ? 'true' : 'false'}
        >
          <Text className='publicity-countdown__text'>{publicityCountdown(p)}</Text>
        </View>
        <View className='publicity-dates'>
          <Text className='publicity-dates__line'>公示开始：{publicityStart(p.opensAt)}</Text>
          <View className='publicity-dates__line'>
            <Text className='publicity-end'>公示截止：{publicityEnd(p.endsAt)}</Text>
            {provisional ? <ProvisionalTag /> : null}
          </View>
          {provisional ? <ProvisionalNote /> : null}
          <Text className='publicity-dates__line publicity-length' data-length-source={p.lengthSource}>
            公示期：{windowLengthText(p.workingDays, p.lengthSource)}，按国家法定节假日和调休安排计算
          </Text>
        </View>
        {p.citation ? <Text className='publicity-citation'>依据：{p.citation}</Text> : null}
      </View>

      <View className='publicity-guide'>
        <Text className='publicity-guide__text'>
          {p.status === 'open'
            ? '对名单中的对象有异议，请点击该对象，查看简要事迹并提出异议。可匿名提交。'
            : p.status === 'closed'
              ? '公示已结束。如发现问题，仍可点击对象提交监督举报，由组织评选的工会核查处理。'
              : '公示开始后可对名单中的对象提出异议。'}
        </Text>
      </View>

      <View className='publicity-entries'>
        <Text className='publicity-entries__title'>公示名单（{p.entries.length}）</Text>
        {p.entries.map((entry, index) => (
          <View
            key={entry.entryId}
            className={`card publicity-entry publicity-entry--${entry.status}`}
            data-entry-id={entry.entryId}
            data-status={entry.status}
            onClick={() =>
              reportable
                ? void Taro.navigateTo({ url: `/pages/report/index?publicityId=${encodeURIComponent(p.publicityId)}&entryId=${encodeURIComponent(entry.entryId)}` })
                : undefined
            }
          >
            <View className='publicity-entry__head'>
              <Text className='publicity-entry__number'>{index + 1}</Text>
              <Text className='publicity-entry__name'>{entry.nomineeName}</Text>
              <Text className={`entry-tag entry-tag--${entry.status}`}>{entryStatusLabels[entry.status]}</Text>
            </View>
            <Text className='publicity-entry__unit'>{entry.unitName}</Text>
            <Text className='publicity-entry__title'>{entry.titleLabel}</Text>
            {entry.opensAt !== p.opensAt ? (
              // Added to the list later: it has a full window of its own, and the list stays open until it ends.
              <Text className='publicity-entry__window' data-ends-at={entry.endsAt}>
                补充公示：{publicityStart(entry.opensAt)} 起，至 {publicityEnd(entry.endsAt)}
              </Text>
            ) : null}
            <Text className='publicity-entry__summary'>{entry.summary}</Text>
            {reportable ? <Text className='publicity-entry__action'>{p.status === 'open' ? '查看详情 / 提出异议 ›' : '查看详情 / 监督举报 ›'}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  )
}
