export default definePageConfig({
  navigationBarTitleText: '撤销案件',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
