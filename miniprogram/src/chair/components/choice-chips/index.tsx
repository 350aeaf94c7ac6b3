import { Text, View } from '@tarojs/components'
import './index.scss'

export interface ChoiceOption<T> {
  value: T
  label: string
}

interface ChoiceChipsProps<T> {
  options: readonly ChoiceOption<T>[]
  /** Undefined: nothing chosen yet (未填). */
  value: T | undefined
  onChange: (value: T) => void
  /** When given, tapping the chosen option again clears the choice. */
  onClear?: () => void
  /** Class of every option, for page styles and tests. */
  itemClassName?: string
}

/** One-of choices as large tappable chips that wrap: short lists where a picker would hide the options. */
export default function ChoiceChips<T extends string | boolean>({ options, value, onChange, onClear, itemClassName = '' }: ChoiceChipsProps<T>) {
  return (
    <View className='choice-chips'>
      {options.map((option) => {
        const active = option.value === value
        return (
          <View
            key={String(option.value)}
            className={`choice-chip ${itemClassName}${active ? ' choice-chip--active' : ''}`}
            data-value={String(option.value)}
            data-active={active ? 'true' : 'false'}
            onClick={() => (active ? onClear?.() : onChange(option.value))}
          >
            <Text className='choice-chip__label'>{option.label}</Text>
          </View>
        )
      })}
    </View>
  )
}
