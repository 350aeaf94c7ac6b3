import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { wechatError } from '../../services/wechat-error'
import { chooseEvidence, EvidenceError, maxEvidenceImages, type EvidenceImage } from './evidence'
import PrivacyPopup from '../../components/privacy-popup'
import './evidence-picker.scss'

interface EvidencePickerProps {
  images: EvidenceImage[]
  onChange: (images: EvidenceImage[]) => void
  disabled?: boolean
  /** The server's word on the images, if it refused them. */
  error?: string | null
}

/** Up to three evidence pictures: thumbnails with ×, and a 添加图片 tile while there is room. */
export default function EvidencePicker({ images, onChange, disabled = false, error = null }: EvidencePickerProps) {
  const [reading, setReading] = useState(false)
  const [readError, setReadError] = useState<string | null>(null)
  const room = maxEvidenceImages - images.length

  async function onAdd() {
    if (reading || disabled || room <= 0) return
    setReading(true)
    setReadError(null)
    try {
      const added = await chooseEvidence(room)
      onChange([...images, ...added].slice(0, maxEvidenceImages))
    } catch (caught) {
      // A closed picker says nothing; a refused permission or an undeclared privacy scope says what to do.
      setReadError(caught instanceof EvidenceError ? caught.message : (wechatError(caught, 'chooseMedia')?.message ?? null))
    } finally {
      setReading(false)
    }
  }

  function onPreview(image: EvidenceImage) {
    void Taro.previewImage({ current: image.preview, urls: images.map((i) => i.preview) }).catch(() => undefined)
  }

  return (
    <View className='evidence-picker'>
      <PrivacyPopup />
      <View className='evidence-picker__grid'>
        {images.map((image, index) => (
          <View key={image.key} className='evidence-thumb' data-index={index}>
            <Image className='evidence-thumb__image' src={image.preview} mode='aspectFill' onClick={() => onPreview(image)} />
            {disabled ? null : (
              <View className='evidence-thumb__remove' onClick={() => onChange(images.filter((i) => i.key !== image.key))}>
                <Text>×</Text>
              </View>
            )}
          </View>
        ))}
        {room > 0 && !disabled ? (
          <View className={`evidence-add${reading ? ' evidence-add--busy' : ''}`} onClick={() => void onAdd()}>
            <Text className='evidence-add__plus'>{reading ? '…' : '+'}</Text>
            <Text className='evidence-add__label'>{reading ? '读取中' : '添加图片'}</Text>
          </View>
        ) : null}
      </View>
      <Text className='evidence-picker__hint'>
        最多 {maxEvidenceImages} 张照片或截图；较大的图片会自动压缩为 JPEG（每张不超过 250 KB）。已选 {images.length} 张。
      </Text>
      {readError || error ? <Text className='field-error evidence-picker__error'>{readError ?? error}</Text> : null}
    </View>
  )
}
