export default definePageConfig({ navigationBarTitleText: '我的联系户', enablePullDownRefresh: true })
