export default definePageConfig({ navigationBarTitleText: '监测对象公示' })
