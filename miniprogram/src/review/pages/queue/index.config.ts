export default definePageConfig({
  navigationBarTitleText: '审核申报',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
