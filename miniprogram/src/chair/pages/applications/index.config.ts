export default definePageConfig({
  navigationBarTitleText: '申报评选',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
