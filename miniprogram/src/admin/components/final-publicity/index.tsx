import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { windowLengthText } from '@shared/publicity/window-length'
import { toApiError, type ApiError } from '../../../services/api-client'
import { finalPublicity, openFinalPublicity, type FinalPublicityResponse } from '../../../services/campaign'
import { Button, Skeleton } from '../../../components/nutui'
import { ProvisionalNote, ProvisionalTag } from '../../../components/provisional-end'
import { isProvisionalEnd } from '../../../services/publicity'
import './index.scss'

/** openPublicityRequest's bound on a window's working days. */
const maxWorkingDays = 30

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; view: FinalPublicityResponse }

interface FinalPublicityProps {
  campaignId: string
  /** Told whenever the panel (re)reads the window, so the decision can offer only the cleared nominees. */
  onState: (view: FinalPublicityResponse) => void
}

/** "2026-12-14T16:00:00.000Z" → "12月15日 00:00" (Beijing): when the window ends. */
function beijingTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const t = new Date(ms + 8 * 3600_000).toISOString()
  return `${Number(t.slice(5, 7))}月${Number(t.slice(8, 10))}日 ${t.slice(11, 16)}`
}

/**
 * 拟表彰名单公示: where the ruleset publicises the proposed list before the decision (BJ 第十六条, JZ 四、（一）,
 * ACFTU 第二十条, GX 七、（七）), the organiser publishes it here once every recommending window has cleared; each nominee shows
 * where it stands (公示中 / 公示期满无异议 / 举报核查中 / 已取消资格) and the window's working days left.
 */
export default function FinalPublicity({ campaignId, onState }: FinalPublicityProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  // The window's working days as the organiser sets them; undefined: the ruleset's (or the system's default).
  const [chosenDays, setChosenDays] = useState<number | undefined>(undefined)

  const reload = useCallback(async () => {
    try {
      const view = await finalPublicity(campaignId)
      setLoad({ status: 'ready', view })
      onState(view)
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [campaignId, onState])

  useEffect(() => {
    void reload()
  }, [reload])

  async function publish(count: number, days: number | undefined) {
    if (pending) return
    const { confirm } = await Taro.showModal({
      title: '发布拟表彰名单公示',
      content: `将 ${count} 个拟表彰对象向社会公示${days === undefined ? '' : `，公示期 ${days} 个工作日`}，按法定工作日计算，期间任何人可以实名或匿名举报。发布后名单不能更改。`,
      confirmText: '发布',
    })
    if (!confirm) return
    setPending(true)
    setError(null)
    try {
      const view = await openFinalPublicity(campaignId, days)
      setLoad({ status: 'ready', view })
      onState(view)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setPending(false)
    }
  }

  if (load.status === 'loading') return <Skeleton rows={2} animated />
  if (load.status === 'failed') {
    return (
      <View className='final-publicity final-publicity--failed'>
        <Text className='final-publicity__error'>{load.error.message}</Text>
        <Text className='final-publicity__retry' onClick={() => void reload()}>
          重试
        </Text>
      </View>
    )
  }

  const { view } = load
  if (!view.required) return null
  const { publicity, candidates } = view
  return (
    <View className='final-publicity' data-state={publicity?.status ?? 'none'}>
      <Text className='final-publicity__title'>拟表彰名单公示</Text>
      {publicity ? (
        <View className='final-publicity__window'>
          <View className='final-publicity__status-line' data-provisional={isProvisionalEnd(publicity) ? 'true' : 'false'}>
            <Text className='final-publicity__status'>
              {publicity.status === 'open'
                ? `公示中：剩余 ${publicity.workingDaysLeft} 个工作日，${beijingTime(publicity.endsAt)} 期满（公示期 ${windowLengthText(publicity.workingDays, publicity.lengthSource)}）`
                : `公示已于 ${beijingTime(publicity.endsAt)} 期满（${windowLengthText(publicity.workingDays, publicity.lengthSource)}）`}
            </Text>
            {isProvisionalEnd(publicity) ? <ProvisionalTag /> : null}
          </View>
          {isProvisionalEnd(publicity) ? <ProvisionalNote /> : null}
          <Text className='final-publicity__citation'>依据：{publicity.citation}</Text>
          <Text
            className='final-publicity__link'
            onClick={() => void Taro.navigateTo({ url: `/pages/publicity/index?publicityId=${encodeURIComponent(publicity.publicityId)}` })}
          >
            查看公示页 ›
          </Text>
        </View>
      ) : (
        <Text className='final-publicity__hint'>
          {candidates.length === 0 ? '各推荐单位上报名单后，在此发布拟表彰名单公示；公示期满无异议的对象才能决定授予。' : '本评选办法要求表彰决定前公示拟表彰名单。推荐环节的公示全部期满后即可发布。'}
        </Text>
      )}
      {candidates.map((c) => (
        <View key={c.applicationId} className={`final-publicity__row final-publicity__row--${publicity ? c.final : c.recommending}`} data-application-id={c.applicationId} data-final={c.final}>
          <View className='final-publicity__main'>
            <Text className='final-publicity__name'>{c.nomineeName}</Text>
            <Text className='final-publicity__sub'>
              {c.titleLabel} · {c.unitName}
            </Text>
          </View>
          <Text className='final-publicity__state'>{publicity ? c.finalLabel : c.recommendingLabel}</Text>
        </View>
      ))}
      {error ? (
        <View className='final-publicity__failure'>
          <Text className='final-publicity__error'>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='final-publicity__error'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}
      {!publicity && candidates.length > 0 && view.length ? <WindowLength length={view.length} chosen={chosenDays} onChange={setChosenDays} /> : null}
      {!publicity && candidates.length > 0 ? (
        <Button
          className='final-publicity__open'
          type='primary'
          block
          loading={pending}
          disabled={pending}
          onClick={() => void publish(candidates.length, chosenDays === view.length?.defaultWorkingDays ? undefined : chosenDays)}
        >
          发布拟表彰名单公示
        </Button>
      ) : null}
    </View>
  )
}

type Length = NonNullable<FinalPublicityResponse['length']>

/**
 * 公示期 before publishing: the ruleset's working days (fixed where it says 为期, at least them where it says 不少于),
 * or — where it sets none (焦作 四、（一）) — the system's default of 5, marked 「本系统默认」, which the organiser may change.
 */
function WindowLength({ length, chosen, onChange }: { length: Length; chosen: number | undefined; onChange: (days: number) => void }) {
  const days = chosen ?? length.defaultWorkingDays
  const min = length.minWorkingDays ?? 1
  const own = chosen !== undefined && chosen !== length.defaultWorkingDays
  const text = own ? (length.minWorkingDays === null ? windowLengthText(days, 'publisher') : `${days} 个工作日`) : length.text
  return (
    <View className='final-publicity__length' data-length-source={own ? 'publisher' : length.source}>
      <Text className='final-publicity__length-text'>公示期：{text}</Text>
      {length.exact ? null : (
        <View className='final-publicity__stepper'>
          <Text className='final-publicity__step final-publicity__minus' onClick={() => onChange(Math.max(min, days - 1))}>
            −
          </Text>
          <Text className='final-publicity__days'>{days}</Text>
          <Text className='final-publicity__step final-publicity__plus' onClick={() => onChange(Math.min(maxWorkingDays, days + 1))}>
            +
          </Text>
          <Text className='final-publicity__unit'>个工作日{length.minWorkingDays === null ? '（可调整）' : `（不少于 ${length.minWorkingDays} 个）`}</Text>
        </View>
      )}
      <Text className='final-publicity__citation'>依据：{length.basis}</Text>
    </View>
  )
}
