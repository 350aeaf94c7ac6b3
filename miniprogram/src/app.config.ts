export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/me/index',
    'pages/inbox/index',
    'pages/join/index',
    'pages/my-record/index',
    'pages/appraisals/index',
    'pages/vote/index',
    'pages/appraisal-result/index',
    'pages/receipt-check/index',
    'pages/publicities/index',
    'pages/publicity/index',
    'pages/report/index',
    'pages/report-followup/index',
    'pages/certificate-check/index',
    'pages/privacy/index',
  ],
  subPackages: [
    { root: 'chair', pages: ['pages/self-check/index', 'pages/union-profile/index', 'pages/invitation/index', 'pages/join-status/index', 'pages/roster/index', 'pages/roster-import/index', 'pages/appraisal-open/index', 'pages/appraisal-manage/index', 'pages/applications/index', 'pages/application-edit/index', 'pages/rules-compare/index'] },
    { root: 'admin', pages: ['pages/audit/index', 'pages/dead-notices/index', 'pages/org-tree/index', 'pages/roles/index', 'pages/campaigns/index', 'pages/final-list/index', 'pages/holidays/index', 'pages/honours/index', 'pages/honour-import/index', 'pages/revocation/index', 'pages/recovery-tasks/index', 'pages/recovery-task/index'] },
    { root: 'review', pages: ['pages/reports/index', 'pages/report-detail/index', 'pages/queue/index', 'pages/application-review/index', 'pages/list-board/index', 'pages/identity-requests/index'] },
  ],
  // Only the components a page renders are injected when it opens (WeChat's 按需注入): faster starts, and what the
  // release review expects of a mini-program this size.
  lazyCodeLoading: 'requiredComponents',
  // WeChat's current component styles (WeUI 2); app.scss gives NutUI's buttons their own width back.
  style: 'v2',
  // Which pages WeChat's search may index: src/sitemap.json, copied beside app.json (config/index.ts).
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f7',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '职工之家',
    navigationBarTextStyle: 'white',
  },
})
