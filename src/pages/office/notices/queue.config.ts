export default definePageConfig({ navigationBarTitleText: '待审核的通知', enablePullDownRefresh: true })
