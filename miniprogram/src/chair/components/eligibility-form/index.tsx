import { Input, Text, Textarea, View } from '@tarojs/components'
import { citationText } from '@shared/rules/citation'
import ChoiceChips from '../choice-chips'
import {
  gradeOptions,
  readPercent,
  readScalar,
  readYear,
  yearlyKey,
  type Draft,
  type FormPlan,
  type Reading,
} from './model'
import './index.scss'

interface FormPartProps {
  plan: FormPlan
  draft: Draft
  onChange: (draft: Draft) => void
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _removed, ...rest } = record
  return rest
}

/** Who is recommended: the nominee attributes the title's conditions test or depend on. */
export function NomineeFields({ plan, draft, onChange }: FormPartProps) {
  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange({ ...draft, [key]: value })
  return (
    <View className='nominee-fields'>
      {plan.attributes.map((field) => (
        <View key={field.fact} className='form-block self-check-attribute' data-fact={field.fact}>
          <Text className='form-block__label'>{field.label}</Text>
          <ChoiceChips
            options={field.options}
            value={draft.nominee[field.fact]}
            itemClassName='self-check-attribute__option'
            onChange={(value) => update('nominee', { ...draft.nominee, [field.fact]: value })}
            onClear={() => update('nominee', without(draft.nominee, field.fact))}
          />
        </View>
      ))}
    </View>
  )
}

/** The figures and answers the title's conditions read, grouped as a chair would look them up. */
export function FigureFields({ plan, draft, onChange }: FormPartProps) {
  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange({ ...draft, [key]: value })
  return (
    <View className='figure-fields'>
      {plan.rates.length > 0 ? (
        <View className='form-group'>
          <Text className='form-group__title'>年度数据</Text>
          <Text className='form-group__hint'>百分比直接填数字，如 95 表示 95%。</Text>
          {plan.rates.map((field) => {
            const key = yearlyKey(field.fact, field.year)
            const text = draft.yearly[key] ?? ''
            return (
              <FigureInput
                key={key}
                fact={field.fact}
                year={field.year}
                label={field.label}
                unit='%'
                text={text}
                reading={readPercent(text)}
                onInput={(value) => update('yearly', { ...draft.yearly, [key]: value })}
              />
            )
          })}
        </View>
      ) : null}

      {plan.grades.length > 0 ? (
        <View className='form-group'>
          <Text className='form-group__title'>主席测评等次</Text>
          {plan.grades.map((field) => (
            <View key={field.year} className='form-block self-check-grade' data-year={String(field.year)}>
              <Text className='form-block__label'>{field.label}</Text>
              <ChoiceChips
                options={gradeOptions}
                value={draft.grades[String(field.year)]}
                onChange={(grade) => update('grades', { ...draft.grades, [String(field.year)]: grade })}
                onClear={() => update('grades', without(draft.grades, String(field.year)))}
              />
            </View>
          ))}
        </View>
      ) : null}

      {plan.scalars.length > 0 ? (
        <View className='form-group'>
          <Text className='form-group__title'>其他数据</Text>
          {plan.scalars.map((field) => {
            const text = draft.scalars[field.fact] ?? ''
            return (
              <FigureInput
                key={field.fact}
                fact={field.fact}
                label={field.label}
                unit={field.unit === 'rate' ? '%' : '年'}
                text={text}
                reading={readScalar(field.unit, text)}
                onInput={(value) => update('scalars', { ...draft.scalars, [field.fact]: value })}
              />
            )
          })}
        </View>
      ) : null}

      {plan.heldTitles.length > 0 ? (
        <View className='form-group self-check-held'>
          <Text className='form-group__title'>已获荣誉称号</Text>
          <Text className='form-group__hint'>声明后，填写已获称号的获得年份；未获得的留空。</Text>
          <ChoiceChips
            options={[
              { value: false, label: '未声明' },
              { value: true, label: '已声明' },
            ]}
            value={draft.titlesDeclared}
            itemClassName='self-check-held__declared'
            onChange={(declared) => update('titlesDeclared', declared)}
          />
          {draft.titlesDeclared
            ? plan.heldTitles.map((field) => {
                const text = draft.heldYears[field.key] ?? ''
                return (
                  <FigureInput
                    key={field.key}
                    fact={field.key}
                    label={field.label}
                    unit='年'
                    placeholder='未获得'
                    numeric
                    text={text}
                    reading={readYear(text)}
                    onInput={(value) => update('heldYears', { ...draft.heldYears, [field.key]: value })}
                  />
                )
              })
            : null}
        </View>
      ) : null}

      {plan.texts.map((field) => {
        const text = draft.texts[field.fact] ?? ''
        const length = Array.from(text).length
        return (
          <View key={field.fact} className='form-group self-check-text' data-fact={field.fact}>
            <Text className='form-group__title'>{field.label}</Text>
            <View className='self-check-text__box'>
              <Textarea
                className='self-check-text__area'
                value={text}
                maxlength={-1}
                placeholder={`粘贴${field.label}，不超过 ${field.maxChars} 字`}
                placeholderClass='self-check-text__placeholder'
                onInput={(e) => update('texts', { ...draft.texts, [field.fact]: e.detail.value })}
              />
            </View>
            <Text className={`self-check-text__count${length > field.maxChars ? ' self-check-text__count--over' : ''}`}>
              {length} / {field.maxChars} 字
            </Text>
          </View>
        )
      })}

      {plan.negativeLists.map((list) => (
        <View key={list.id} className='form-group self-check-negative' data-list={list.id}>
          <Text className='form-group__title'>负面清单</Text>
          <Text className='form-group__hint'>
            {list.description}（{citationText(list.citation)}）。请逐项回答是否存在下列情形。
          </Text>
          {list.items.map((item) => (
            <View key={item.id} className='form-block self-check-barring' data-item={item.id}>
              <Text className='self-check-barring__text'>{item.description}</Text>
              <ChoiceChips
                options={[
                  { value: true, label: '是' },
                  { value: false, label: '否' },
                ]}
                value={draft.barring[item.id]}
                itemClassName='self-check-barring__answer'
                onChange={(exists) => update('barring', { ...draft.barring, [item.id]: exists })}
                onClear={() => update('barring', without(draft.barring, item.id))}
              />
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}

interface FigureInputProps {
  fact: string
  year?: number
  label: string
  unit: string
  text: string
  reading: Reading
  placeholder?: string
  /** Whole numbers only (years): the number keypad without a decimal point. */
  numeric?: boolean
  onInput: (text: string) => void
}

/** A labelled figure: the label on the left, a right-aligned input with its unit on the right. */
function FigureInput({ fact, year, label, unit, text, reading, placeholder = '未填', numeric = false, onInput }: FigureInputProps) {
  return (
    <View className='self-check-input' data-fact={fact} data-year={year === undefined ? undefined : String(year)}>
      <View className='self-check-input__row'>
        <Text className='self-check-input__label'>{label}</Text>
        <View className={`self-check-input__box${reading.error ? ' self-check-input__box--error' : ''}`}>
          <Input
            className='self-check-input__field'
            type={numeric ? 'number' : 'digit'}
            value={text}
            placeholder={placeholder}
            placeholderClass='self-check-input__placeholder'
            maxlength={numeric ? 4 : 6}
            onInput={(e) => onInput(e.detail.value)}
          />
          <Text className='self-check-input__unit'>{unit}</Text>
        </View>
      </View>
      {reading.error ? <Text className='self-check-input__error'>{reading.error}</Text> : null}
    </View>
  )
}
