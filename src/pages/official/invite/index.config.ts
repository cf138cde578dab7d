export default definePageConfig({ navigationBarTitleText: '邀请家庭成员' })
