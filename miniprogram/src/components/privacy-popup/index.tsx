import { Button as TaroButton, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { privacyActionOf, privacyAgreeButtonId, registerPrivacyAsker, type PrivacyAnswer, type PrivacyApi } from '../../services/privacy'
import './index.scss'

interface Asking {
  api: PrivacyApi | null
  answer: (answer: PrivacyAnswer) => void
}

/**
 * The privacy pop-up WeChat requires before a privacy API (services/privacy.ts): mounted on every page that can call
 * one, it asks when `withPrivacy` or WeChat's onNeedPrivacyAuthorization needs the person's agreement. 同意 is a button
 * of open-type="agreePrivacyAuthorization", so the tap itself is the agreement WeChat records; 不同意 leaves the
 * feature unused. The guide opens on its own page and the pop-up waits meanwhile.
 */
export default function PrivacyPopup() {
  const [asking, setAsking] = useState<Asking | null>(null)
  const pending = useRef<Asking | null>(null)

  useEffect(
    () =>
      registerPrivacyAsker(
        (api) =>
          new Promise<PrivacyAnswer>((resolve) => {
            // A second ask while one is open is answered with the first.
            const previous = pending.current
            const next: Asking = {
              api,
              answer: (answer) => {
                pending.current = null
                setAsking(null)
                previous?.answer(answer)
                resolve(answer)
              },
            }
            pending.current = next
            setAsking(next)
          }),
      ),
    [],
  )

  // Unmounted while asking (the page closed): the call is not made.
  useEffect(() => () => pending.current?.answer('disagree'), [])

  if (!asking) return null
  const action = privacyActionOf(asking.api)
  return (
    <View className='privacy-popup' role='dialog' aria-modal='true' aria-labelledby='privacy-popup-title'>
      <View className='privacy-popup__sheet'>
        <Text className='privacy-popup__title' id='privacy-popup-title'>
          隐私保护提示
        </Text>
        <Text className='privacy-popup__text'>
          {`${action}需要使用你的个人信息。请先阅读《职工之家隐私保护指引》，了解我们收集什么、为什么收集、保存多久、谁能看到。`}
        </Text>
        <Text className='privacy-popup__link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
          阅读《职工之家隐私保护指引》
        </Text>
        <View className='privacy-popup__actions'>
          <TaroButton className='privacy-popup__refuse' onClick={() => asking.answer('disagree')}>
            不同意
          </TaroButton>
          <TaroButton
            className='privacy-popup__agree'
            id={privacyAgreeButtonId}
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => asking.answer('agree')}
            // H5 and clients without the open-type: the tap is the answer.
            onClick={process.env.TARO_ENV === 'weapp' ? undefined : () => asking.answer('agree')}
          >
            同意并继续
          </TaroButton>
        </View>
      </View>
    </View>
  )
}
