export default definePageConfig({
  navigationBarTitleText: '工会档案',
})
