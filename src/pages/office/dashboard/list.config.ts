export default definePageConfig({ navigationBarTitleText: '需要关心的家庭' })
