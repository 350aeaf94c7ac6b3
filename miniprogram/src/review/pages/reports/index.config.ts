export default definePageConfig({
  navigationBarTitleText: '举报核查',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
