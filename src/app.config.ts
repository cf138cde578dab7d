/**
 * Pages by role. The main package holds what households open (the start screen and the household
 * area): it must stay light. Officials' and office staff's areas are subpackages.
 */
export default defineAppConfig({
  pages: ['pages/start/index', 'pages/household/home/index', 'pages/bind/index', 'pages/roles/index', 'pages/household/notices/index', 'pages/household/notices/detail', 'pages/household/officials/index', 'pages/household/contacts/index'],
  subPackages: [
    { root: 'pages/official', pages: ['home/index', 'notices/index', 'notices/detail', 'households/index', 'contact/index', 'invite/index', 'household/index', 'household/sheet', 'household/risk', 'household/need', 'household/lead', 'opportunities/index', 'wishes/index'] },
    { root: 'pages/office', pages: ['home/index', 'audit/index', 'notices/index', 'notices/edit', 'notices/record', 'notices/queue', 'notices/rates', 'roster/index', 'pairing/index', 'pairing/reassign', 'coverage/index', 'network/index', 'invite/index', 'roles/index', 'bindings/index', 'feedback/index', 'wishes/index', 'wishes/donors', 'wishes/donor', 'exchange/trips', 'exchange/trips-detail', 'exchange/opportunities', 'requests/index', 'requests/detail', 'requests/raise', 'requests/lead', 'risk/index', 'risk/list', 'relief/rates', 'relief/categories', 'relief/calendar', 'relief/services', 'dashboard/phases', 'dashboard/reports', 'dashboard/index', 'dashboard/list', 'dashboard/trend', 'exchange/index', 'exchange/campaign', 'exchange/nominate', 'exchange/named', 'exchange/unit'] },
    // the household head's invitations: a subpackage of its own keeps the QR drawing out of the main package
    { root: 'pages/household/invite', pages: ['index'] },
    // feedback about the app, from every role's home: a subpackage of its own, opened rarely by anyone
    { root: 'pages/feedback', pages: ['index'] },
    // the head's family bindings (unbind, a replacement code for a lost phone): rarely opened, kept out of the main package
    { root: 'pages/household/members', pages: ['index'] },
    // the household's requests for relief: its list, a report (recorder, photos) and a request's steps with its answer
    { root: 'pages/household/requests', pages: ['index', 'report', 'detail', 'wish'] },
    // the household's part in the exchange: consenting to a nomination, the 公示 and its objections
    { root: 'pages/household/exchange', pages: ['consent', 'publicity'] },
    // the household's invitations to exchange trips, answered once or twice a year: kept out of the main package
    { root: 'pages/household/trips', pages: ['index'] },
  ],
  // PC WeChat opens a larger window that the user may drag wider: the office pages' wide layout (components/Wide)
  resizable: true,
  // the contact form records a visit's place, only when the official switches it on
  requiredPrivateInfos: ['getLocation'],
  permission: { 'scope.userLocation': { desc: '记录入户走访的位置（仅在您同意时）' } },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#b3261e',
    navigationBarTitleText: '石榴籽',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ee',
  },
})
