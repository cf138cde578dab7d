export default definePageConfig({ navigationBarTitleText: '我的联谊干部' })
