export default definePageConfig({
  navigationBarTitleText: '荣誉档案',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
