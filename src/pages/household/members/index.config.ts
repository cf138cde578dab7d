export default definePageConfig({ navigationBarTitleText: '家庭成员的绑定' })
