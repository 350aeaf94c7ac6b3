import { Text } from '@tarojs/components'
import { provisionalEndLabel, provisionalEndNote } from '@shared/calendar/provisional-labels'
import './index.scss'

// An end counted on the provisional calendar (暂按法定节假日推算: the year's official holiday arrangement is not
// loaded yet) is marked wherever it is shown: the label beside the end, the note on a line below (DESIGN.md
// invariant 4).

/** 「暂按法定节假日推算」, beside the end. */
export function ProvisionalTag() {
  return <Text className='provisional-tag'>{provisionalEndLabel}</Text>
}

/** What a provisional end means for the reader, on its own line below the end. */
export function ProvisionalNote() {
  return <Text className='provisional-note'>{provisionalEndNote}</Text>
}
