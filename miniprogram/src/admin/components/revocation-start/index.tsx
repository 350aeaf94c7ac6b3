import { useCallback, useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { RevocationOptionsResponse } from '@shared/api/revocation'
import type { RevocationTrigger } from '@shared/rules/ruleset-schema'
import { toApiError } from '../../../services/api-client'
import { Button } from '../../../components/nutui'
import { openRevocation, revocationOptions } from '../../services/revocation-api'
import './index.scss'

type Load = { status: 'loading' } | { status: 'hidden' } | { status: 'ready'; options: RevocationOptionsResponse }

const casePage = (caseId: string) => `/admin/pages/revocation/index?caseId=${encodeURIComponent(caseId)}`

/**
 * 撤销荣誉称号 on an honour's page: for the bodies that may start a case under its ruleset (总工办发〔2020〕15号 第二十六条,
 * 京工发〔2021〕19号 第二十三条–第二十四条, 桂工发〔2021〕8号 八、（五）), the route, what it rests on (a request, a report
 * found true, a failed or flagging 复查 — as the records hold them), the ground found and the reasons; an open case is
 * linked instead. Shown to organisers and reviewers only; the server checks every choice again.
 */
export default function RevocationStart({ certificateNo, onOpened }: { certificateNo: string; onOpened: () => void }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [routeId, setRouteId] = useState<'applied' | 'direct' | undefined>(undefined)
  const [trigger, setTrigger] = useState<RevocationTrigger | undefined>(undefined)
  const [recheckYear, setRecheckYear] = useState<number | undefined>(undefined)
  const [reportId, setReportId] = useState<string | undefined>(undefined)
  const [groundId, setGroundId] = useState<string | undefined>(undefined)
  const [grounds, setGrounds] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', options: await revocationOptions(certificateNo) })
    } catch {
      // A chair, or a body outside the honour's line: nothing to offer here.
      setLoad({ status: 'hidden' })
    }
  }, [certificateNo])
  useEffect(() => {
    void reload()
  }, [reload])

  if (load.status !== 'ready') return null
  const o = load.options
  if (o.openCaseId) {
    return (
      <View className='card revocation-start' data-open-case={o.openCaseId}>
        <Text className='card__title'>撤销程序办理中</Text>
        <Text className='card__hint'>该荣誉已有正在办理的撤销案件，每一步由程序规定的单位办理。</Text>
        <Button className='revocation-start__case' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: casePage(o.openCaseId!) })}>
          查看撤销案件
        </Button>
      </View>
    )
  }
  if (o.routes.length === 0) {
    return o.refusal && o.refusal.includes('未规定') ? (
      <View className='card revocation-start'>
        <Text className='card__title'>撤销荣誉称号</Text>
        <Text className='card__hint revocation-start__refusal'>{o.refusal}</Text>
      </View>
    ) : null
  }

  const route = o.routes.find((r) => r.routeId === routeId)
  const needsRecheck = trigger === 'recheckFailed' || trigger === 'automaticFlag'
  const rechecks = o.rechecks.filter((r) => (trigger === 'recheckFailed' ? r.outcome === 'failed' : r.outcome === 'flagged'))
  const flaggedGrounds = trigger === 'automaticFlag' ? o.rechecks.find((r) => r.year === recheckYear)?.groundIds : undefined
  const groundChoices = flaggedGrounds ? o.grounds.filter((g) => flaggedGrounds.includes(g.id)) : o.grounds

  const submit = async () => {
    if (!route || !trigger) {
      setError('请选择撤销程序和发起依据')
      return
    }
    const { confirm } = await Taro.showModal({ title: '启动撤销程序', content: `按「${route.label}」程序（${route.citation}）启动撤销，程序每一步都会通知获得荣誉的工会和原推荐单位。`, confirmText: '启动' })
    if (!confirm) return
    setPending(true)
    setError(null)
    try {
      const opened = await openRevocation(certificateNo, {
        routeId: route.routeId,
        trigger,
        grounds,
        ...(groundId ? { groundId } : {}),
        ...(trigger === 'reportFound' && reportId ? { reportId } : {}),
        ...(needsRecheck && recheckYear !== undefined ? { recheckYear } : {}),
      })
      onOpened()
      void Taro.navigateTo({ url: casePage(opened.caseId) })
    } catch (caught) {
      setError(toApiError(caught).message)
    } finally {
      setPending(false)
    }
  }

  const chip = (active: boolean, value: string, label: string, onClick: () => void) => (
    <View key={value} className={`revocation-chip${active ? ' revocation-chip--active' : ''}`} data-value={value} onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )

  return (
    <View className='card revocation-start'>
      <Text className='card__title'>撤销荣誉称号</Text>
      <Text className='card__hint'>按该荣誉的评选办法规定的程序办理；每一步由程序规定的单位办理并写明理由，全程记入审计并通知获得荣誉的工会和原推荐单位。</Text>
      {o.refusal ? <Text className='card__hint revocation-start__refusal'>{o.refusal}</Text> : null}

      <Text className='revocation-start__label'>撤销程序</Text>
      <View className='revocation-chips' data-field='routeId'>
        {o.routes.map((r) =>
          chip(r.routeId === routeId, r.routeId, r.label, () => {
            setRouteId(r.routeId)
            setTrigger(undefined)
            setGroundId(undefined)
          }),
        )}
      </View>
      {route ? <Text className='revocation-start__note'>{`${route.description}（${route.citation}）。决定：${route.decision}。`}</Text> : null}

      {route ? (
        <>
          <Text className='revocation-start__label'>发起依据</Text>
          <View className='revocation-chips' data-field='trigger'>
            {route.triggers.map((t) => chip(t.trigger === trigger, t.trigger, t.label, () => setTrigger(t.trigger)))}
          </View>
        </>
      ) : null}

      {trigger === 'reportFound' ? (
        o.reports.length === 0 ? (
          <Text className='revocation-start__note'>没有对该荣誉获得者核查属实的举报。</Text>
        ) : (
          <View className='revocation-chips' data-field='reportId'>
            {o.reports.map((r) => chip(r.reportId === reportId, r.reportId, `${r.on} ${r.outcomeLabel}：${r.reason.slice(0, 24)}`, () => setReportId(r.reportId)))}
          </View>
        )
      ) : null}

      {needsRecheck ? (
        rechecks.length === 0 ? (
          <Text className='revocation-start__note'>{trigger === 'recheckFailed' ? '该荣誉没有复查未通过的年度。' : '该荣誉没有触发撤销情形的复查年度。'}</Text>
        ) : (
          <View className='revocation-chips' data-field='recheckYear'>
            {rechecks.map((r) => chip(r.year === recheckYear, String(r.year), r.label, () => setRecheckYear(r.year)))}
          </View>
        )
      ) : null}

      {route && trigger ? (
        <>
          <Text className='revocation-start__label'>{route.needsGround ? '查实的撤销情形' : '撤销情形（选填）'}</Text>
          <View className='revocation-grounds' data-field='groundId'>
            {groundChoices.map((g) => (
              <View key={g.id} className={`revocation-ground${g.id === groundId ? ' revocation-ground--active' : ''}`} data-value={g.id} onClick={() => setGroundId(g.id === groundId ? undefined : g.id)}>
                <Text className='revocation-ground__text'>{g.description}</Text>
                <Text className='revocation-ground__citation'>{g.citation}</Text>
              </View>
            ))}
          </View>
          <Text className='revocation-start__label'>理由</Text>
          <View className='revocation-textarea-box'>
            <Textarea className='revocation-start__grounds' value={grounds} maxlength={2000} placeholder='写明查实的事实和依据（至少 10 字）' onInput={(e) => setGrounds(e.detail.value)} />
          </View>
        </>
      ) : null}
      {error ? <Text className='revocation-error'>{error}</Text> : null}
      <Button className='revocation-start__submit' type='primary' block loading={pending} disabled={pending || !route || !trigger} onClick={() => void submit()}>
        启动撤销程序
      </Button>
    </View>
  )
}
