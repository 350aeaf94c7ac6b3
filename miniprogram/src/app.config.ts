export default defineAppConfig({
  pages: ['pages/index/index', 'pages/me/index'],
  subPackages: [{ root: 'chair', pages: ['pages/self-check/index'] }],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f7',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '职工之家',
    navigationBarTextStyle: 'white',
  },
})
