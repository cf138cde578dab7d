export default definePageConfig({ navigationBarTitleText: '返贫风险等级' })
