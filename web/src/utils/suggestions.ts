// Suggested values for the free-text tag fields (users may add their own).

export const SERVICE_CATEGORY_SUGGESTIONS: readonly string[] = [
  '应急救援',
  '助老助残',
  '文明交通',
  '环境保护',
  '社区服务',
  '大型赛会',
  '医疗卫生',
  '支教助学',
  '关爱儿童',
  '文化传承',
  '法律援助',
  '乡村振兴',
]

export const SKILL_SUGGESTIONS: readonly string[] = [
  '急救',
  '心理疏导',
  '医疗护理',
  '法律咨询',
  '外语翻译',
  '手语',
  '客家话',
  '驾驶',
  '摄影摄像',
  '文艺表演',
  '教学辅导',
  '计算机',
]

export const AVAILABILITY_SUGGESTIONS: readonly string[] = [
  '周末',
  '工作日',
  '工作日晚上',
  '节假日',
  '寒暑假',
  '随时',
]
