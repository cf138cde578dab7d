export default definePageConfig({ navigationBarTitleText: '赴浙江交流活动' })
