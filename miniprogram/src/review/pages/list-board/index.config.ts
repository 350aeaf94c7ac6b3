export default definePageConfig({
  navigationBarTitleText: '推荐名单',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
