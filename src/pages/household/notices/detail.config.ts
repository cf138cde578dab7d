// enableShareAppMessage: Taro registers the page's share handler (useShareAppMessage) only when it is set
export default definePageConfig({ navigationBarTitleText: '通知公告', enableShareAppMessage: true })
