import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { toApiError, type ApiError } from '../../../services/api-client'
import { campaign as readCampaign, honours as readHonours, honoursListPdf, saveSummaryFile, type CampaignView, type Honour } from '../../../services/campaign'
import { Button, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; honours: Honour[]; campaign: CampaignView | null }

const canPrint = process.env.TARO_ENV === 'h5'

/** "2026-11-23T…" → "2026年11月23日" in Beijing: the date of the decision as it is printed. */
function decidedOn(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(ms)) return ''
  const [year, month, day] = new Date(ms + 8 * 3600_000).toISOString().slice(0, 10).split('-').map(Number)
  return `${year}年${month}月${day}日`
}

/**
 * 表彰名单: the campaign's honours in certificate order, grouped by title — a plain layout that prints on A4
 * (on H5, 打印 opens the browser's print dialog; the button and the page chrome are left off the paper).
 */
export default function FinalListPage() {
  const { params } = useRouter()
  const campaignId = params.campaignId ?? ''
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [pdf, setPdf] = useState<{ pending: boolean; message?: string }>({ pending: false })

  // The list as an A4 PDF (pdfkit on the server, the font embedded): what WeChat can forward, save or print.
  const downloadPdf = async () => {
    setPdf({ pending: true })
    try {
      await saveSummaryFile(await honoursListPdf(campaignId))
      setPdf({ pending: false })
    } catch (caught) {
      setPdf({ pending: false, message: toApiError(caught).message })
    }
  }

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      // The list itself is public; the campaign's heading needs a log-in, so the list stands without it.
      const [honours, campaign] = await Promise.all([readHonours(campaignId), readCampaign(campaignId).catch(() => null)])
      setLoad({ status: 'ready', honours, campaign })
    } catch (caught) {
      setLoad({ status: 'failed', error: toApiError(caught) })
    }
  }, [campaignId])

  useLoad(() => {
    void reload()
  })

  if (load.status === 'loading') {
    return (
      <View className='final-list'>
        <Skeleton rows={6} animated />
      </View>
    )
  }
  if (load.status === 'failed') {
    return (
      <View className='final-list'>
        <ErrorState message={load.error.message} onRetry={() => void reload()} />
      </View>
    )
  }

  const { honours, campaign } = load
  const titles = [...new Set(honours.map((h) => h.title))]
  return (
    <View className='final-list' data-count={String(honours.length)}>
      <View className='final-list-actions'>
        <Button className='final-list-pdf' fill='outline' size='small' loading={pdf.pending} disabled={pdf.pending} onClick={() => void downloadPdf()}>
          下载 PDF
        </Button>
        {canPrint ? (
          <Button className='final-list-print' type='primary' size='small' onClick={() => window.print()}>
            打印
          </Button>
        ) : null}
      </View>
      {pdf.message ? <Text className='final-list__error'>{pdf.message}</Text> : null}
      <Text className='final-list__heading'>{campaign ? `${campaign.heading}表彰名单` : '表彰名单'}</Text>
      {campaign ? (
        <Text className='final-list__sub'>
          {campaign.rulesetName} · {campaign.year} 年度
        </Text>
      ) : null}
      {honours.length === 0 ? <Text className='final-list__empty'>尚未作出表彰决定。</Text> : null}
      {titles.map((title) => {
        const rows = honours.filter((h) => h.title === title)
        return (
          <View key={title} className='final-list-group' data-title={title}>
            <Text className='final-list-group__title'>
              {title}（{rows.length}）
            </Text>
            <View className='final-list-row final-list-row--head'>
              <Text className='final-list-cell final-list-cell--no'>证书编号</Text>
              <Text className='final-list-cell final-list-cell--name'>名称 / 姓名</Text>
              <Text className='final-list-cell final-list-cell--check'>核验</Text>
            </View>
            {rows.map((h) => (
              <View key={h.certificateNo} className='final-list-row' data-certificate={h.certificateNo}>
                <Text className='final-list-cell final-list-cell--no'>{h.certificateNo}</Text>
                <Text className='final-list-cell final-list-cell--name'>{h.nomineeName}</Text>
                <Text className='final-list-cell final-list-cell--check' onClick={() => void Taro.navigateTo({ url: `/pages/certificate-check/index?no=${encodeURIComponent(h.certificateNo)}` })}>
                  查询
                </Text>
              </View>
            ))}
          </View>
        )
      })}
      {honours.length > 0 ? <Text className='final-list__date'>决定日期：{decidedOn(honours[0]?.awardedAt)}</Text> : null}
    </View>
  )
}
