import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { publicityStatusLabels } from '@shared/api/publicity'
import { toApiError, type ApiError } from '../../services/api-client'
import { isProvisionalEnd, publicities, publicityCountdown, publicityEnd, type PublicitySummary } from '../../services/publicity'
import { Skeleton } from '../../components/nutui'
import ErrorState from '../../components/error-state'
import { ProvisionalNote, ProvisionalTag } from '../../components/provisional-end'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; publicities: PublicitySummary[] }

/**
 * 公示: the publicity lists open to everyone (recommending and final levels), open ones first. Anyone may read
 * them and report a listed nominee; no log-in is needed.
 */
export default function PublicitiesPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const list = await publicities()
      const order = { open: 0, scheduled: 1, closed: 2 } as const
      setLoad({ status: 'ready', publicities: [...list].sort((a, b) => order[a.status] - order[b.status] || b.opensAt.localeCompare(a.opensAt)) })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  usePullDownRefresh(() => {
    void reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  let body: JSX.Element
  if (load.status === 'loading') {
    body = (
      <View className='card'>
        <Skeleton rows={5} animated />
      </View>
    )
  } else if (load.status === 'failed') {
    body = (
      <View className='card'>
        <ErrorState message={load.error.message} onRetry={() => void reload()} />
      </View>
    )
  } else if (load.publicities.length === 0) {
    body = (
      <View className='card publicities-empty'>
        <Text className='publicities-empty__title'>暂无公示</Text>
        <Text className='card__hint'>评选的推荐名单和终审名单公示时，会列在这里。</Text>
      </View>
    )
  } else {
    body = (
      <View className='publicities-list'>
        {load.publicities.map((p) => (
          <View
            key={p.publicityId}
            className={`card publicities-item publicities-item--${p.status}`}
            data-publicity-id={p.publicityId}
            data-status={p.status}
            onClick={() => void Taro.navigateTo({ url: `/pages/publicity/index?publicityId=${encodeURIComponent(p.publicityId)}` })}
          >
            <View className='publicities-item__tags'>
              <Text className='publicities-item__level'>{p.levelLabel}</Text>
              <Text className={`publicities-item__status publicity-status--${p.status}`}>{publicityStatusLabels[p.status]}</Text>
            </View>
            <Text className='publicities-item__heading'>{p.heading}</Text>
            <Text className='publicities-item__org'>{p.orgName}</Text>
            <View className='publicities-item__foot'>
              <View className='publicities-item__end-line'>
                <Text className='publicities-item__end'>截止：{publicityEnd(p.endsAt)}</Text>
                {isProvisionalEnd(p) ? <ProvisionalTag /> : null}
              </View>
              <Text className='publicities-item__count'>共 {p.entryCount} 项</Text>
            </View>
            <Text className={`publicities-item__countdown publicities-item__countdown--${p.status}`} data-provisional={isProvisionalEnd(p) ? 'true' : 'false'}>
              {publicityCountdown(p)}
            </Text>
            {isProvisionalEnd(p) ? <ProvisionalNote /> : null}
          </View>
        ))}
      </View>
    )
  }

  return (
    <View className='publicities'>
      <View className='publicities-intro'>
        <Text className='publicities-intro__text'>公示期内，任何人都可以对公示对象提出异议；公示结束后仍可监督举报。可匿名举报，凭回执码查询进展。</Text>
      </View>
      {body}
      <View className='publicities-followup' onClick={() => void Taro.navigateTo({ url: '/pages/report-followup/index' })}>
        <Text className='publicities-followup__text'>已举报？凭回执码查询进展</Text>
        <Text className='publicities-followup__arrow'>›</Text>
      </View>
    </View>
  )
}
