export default definePageConfig({
  navigationBarTitleText: '发起评议',
})
