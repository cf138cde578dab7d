export default definePageConfig({ navigationBarTitleText: '阶段与目标' })
