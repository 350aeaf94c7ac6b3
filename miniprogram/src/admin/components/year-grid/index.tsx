import { useMemo } from 'react'
import { Text, View } from '@tarojs/components'
import type { CalendarBasis, CalendarYearView } from '@shared/api/calendar'
import { yearGrid, type GridDay } from '../../pages/holidays/model'
import './index.scss'

const weekHead = ['一', '二', '三', '四', '五', '六', '日']

interface YearGridProps {
  calendar: Pick<CalendarYearView, 'year' | 'basis' | 'daysOff' | 'makeUpWorkdays'>
  /** What the next year is counted on: late December's days off belong to its notice (its 元旦). */
  nextYearBasis?: CalendarBasis
}

function cellText(d: GridDay): string {
  return d.kind === 'makeUp' ? '班' : String(d.day)
}

/**
 * A whole year in twelve small months, weeks from Monday: days off (休, with the festival named under the month),
 * the weekends joined to them, make-up working days (班) and weekends. Days off counted on the provisional calendar
 * are drawn dashed in amber: they are the rule's estimate, not the State Council's notice.
 */
export default function YearGrid({ calendar, nextYearBasis }: YearGridProps) {
  const months = useMemo(() => yearGrid(calendar, nextYearBasis), [calendar, nextYearBasis])
  const days = months.flatMap((m) => m.days)
  const offs = days.filter((d) => d.kind === 'off')
  const estimated = offs.some((d) => d.provisional)
  const announced = offs.some((d) => !d.provisional) || !estimated
  const lateEstimate = calendar.basis === 'official' && days.some((d) => d.provisional)
  return (
    <View className={`year-grid${calendar.basis === 'provisional' ? ' year-grid--provisional' : ''}`} data-year={calendar.year} data-basis={calendar.basis}>
      <View className='year-grid__legend'>
        {announced ? (
          <View className='year-grid__key'>
            <Text className='year-grid__swatch year-day--off'>休</Text>
            <Text className='year-grid__key-text'>放假</Text>
          </View>
        ) : null}
        {estimated ? (
          <View className='year-grid__key'>
            <Text className='year-grid__swatch year-day--off year-day--provisional'>休</Text>
            <Text className='year-grid__key-text'>暂按推算的放假日</Text>
          </View>
        ) : null}
        <View className='year-grid__key'>
          <Text className={`year-grid__swatch year-day--break${estimated && !announced ? ' year-day--provisional' : ''}`}>六</Text>
          <Text className='year-grid__key-text'>连休的周末</Text>
        </View>
        <View className='year-grid__key'>
          <Text className='year-grid__swatch year-day--makeUp'>班</Text>
          <Text className='year-grid__key-text'>调休上班</Text>
        </View>
        <View className='year-grid__key'>
          <Text className='year-grid__swatch year-day--weekend'>日</Text>
          <Text className='year-grid__key-text'>周末</Text>
        </View>
      </View>
      {lateEstimate ? (
        <Text className='year-grid__late-note'>12月下旬的放假日属于 {calendar.year + 1} 年的元旦，{calendar.year + 1} 年安排录入前暂按法定节假日推算。</Text>
      ) : null}
      <View className='year-grid__months'>
        {months.map((m) => (
          <View key={m.month} className='year-month' data-month={m.month}>
            <Text className='year-month__title'>{m.month}月</Text>
            <View className='year-month__days'>
              {weekHead.map((w) => (
                <Text key={w} className='year-month__head'>
                  {w}
                </Text>
              ))}
              {Array.from({ length: m.lead }, (_, i) => (
                <Text key={`lead-${i}`} className='year-day year-day--blank' />
              ))}
              {m.days.map((d) => (
                <Text
                  key={d.date}
                  className={`year-day year-day--${d.kind}${d.provisional ? ' year-day--provisional' : ''}`}
                  data-date={d.date}
                  data-kind={d.kind}
                  data-festival={d.festival ?? ''}
                >
                  {cellText(d)}
                </Text>
              ))}
            </View>
            {m.notes.map((n) => (
              <Text key={n.text} className={`year-month__note year-month__note--${n.kind}${n.provisional ? ' year-month__note--provisional' : ''}`}>
                {n.text}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
