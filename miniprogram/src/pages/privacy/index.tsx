import { Text, View } from '@tarojs/components'
import { otherData, privacyGuideEdition, privacyUses } from '../../services/privacy-guide'
import './index.scss'

const editionLabel = (() => {
  const [year, month, day] = privacyGuideEdition.split('-').map(Number)
  return `${year}年${month}月${day}日`
})()

/**
 * 职工之家隐私保护指引: what the mini-program collects, why, how long it is kept and who sees it — each privacy API it
 * calls (services/privacy.ts, checked against the weapp build by test/weapp/privacy-guide.test.ts) and the data that
 * reaches the server without one. Readable without logging in; the privacy pop-up links here.
 */
export default function PrivacyPage() {
  return (
    <View className='privacy'>
      <View className='card'>
        <Text className='card__title'>职工之家隐私保护指引</Text>
        <Text className='card__hint'>
          {`本指引说明“职工之家”小程序在会员评家、申报评选、公示举报中处理哪些个人信息。更新日期：${editionLabel}。`}
        </Text>
        <Text className='privacy__para'>
          我们只收集完成功能所必需的信息。需要使用手机上的照片、文件、剪切板或相册时，会先弹窗征得你的同意；你不同意时，其余功能照常可用。
        </Text>
      </View>

      <View className='card'>
        <Text className='card__title'>需要你同意的手机功能</Text>
        {Object.values(privacyUses).map((use) => (
          <GuideEntry key={use.api} what={use.info} api={use.api} why={use.purpose} kept={use.kept} seenBy={use.seenBy} />
        ))}
      </View>

      <View className='card'>
        <Text className='card__title'>服务器上的其他信息</Text>
        {otherData.map((item) => (
          <GuideEntry key={item.what} what={item.what} why={item.why} kept={item.kept} seenBy={item.seenBy} />
        ))}
      </View>

      <View className='card'>
        <Text className='card__title'>你的权利</Text>
        <Text className='privacy__para'>
          你可以在「我的 › 我的会员信息」查看并更正自己的姓名、手机号和性别；查询、删除其他信息或撤回同意，请联系所在工会。我们不向第三方提供、出售你的个人信息，也不用于评选之外的用途；名册的每次修改和导出都记录在审计日志中。
        </Text>
      </View>
    </View>
  )
}

/** One thing the guide covers: what it is (and the WeChat API, if one), why, how long it is kept and who sees it. */
function GuideEntry({ what, api, why, kept, seenBy }: { what: string; api?: string; why: string; kept: string; seenBy: string }) {
  return (
    <View className='privacy__item'>
      <Text className='privacy__what'>{what}</Text>
      {api ? <Text className='privacy__api'>{api}</Text> : null}
      <Text className='privacy__row'>{`用途：${why}`}</Text>
      <Text className='privacy__row'>{`保存：${kept}`}</Text>
      <Text className='privacy__row'>{`谁能看到：${seenBy}`}</Text>
    </View>
  )
}
