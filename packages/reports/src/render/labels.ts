/** Languages the renderers speak. */
export type ReportLocale = 'zh-CN' | 'en';

/** Every text a renderer shows, in one language. */
export interface ReportLabels {
  readonly reportTitle: string;
  readonly dealer: string;
  readonly period: string;
  readonly asOf: string;
  readonly timeZone: string;
  readonly all: string;
  readonly yes: string;
  readonly no: string;
  readonly none: string;
  readonly sections: Readonly<
    Record<'followUp' | 'satisfaction' | 'complaints' | 'opinionCases', string>
  >;
  readonly tables: Readonly<Record<string, string>>;
  readonly columns: Readonly<Record<string, string>>;
  readonly visitTypes: Readonly<Record<string, string>>;
  readonly sources: Readonly<Record<string, string>>;
  readonly categories: Readonly<Record<string, string>>;
  readonly states: Readonly<Record<string, string>>;
  readonly charts: Readonly<
    Record<'trend' | 'sections' | 'weakItems' | 'followUp' | 'noData', string>
  >;
  readonly target: string;
  /** The weak-item rule in words. */
  weakItemRule(count: number): string;
  /** The weak-staff rule in words. */
  weakStaffRule(sd: number, minResponses: number): string;
}

const zh: ReportLabels = {
  reportTitle: '回访与满意度报表',
  dealer: '经销商',
  period: '统计期间',
  asOf: '数据截至',
  timeZone: '时区',
  all: '合计',
  yes: '是',
  no: '否',
  none: '—',
  sections: {
    followUp: '回访执行',
    satisfaction: '满意度（SSI/CSI）',
    complaints: '投诉',
    opinionCases: '意见跟进',
  },
  tables: {
    followUpByType: '按回访类型',
    followUpByAgent: '按回访专员',
    satisfactionBySurvey: '按问卷',
    satisfactionByStaff: '按员工',
    trend: '月度趋势',
    sections: '分模块得分',
    items: '分项得分',
    weakItems: '薄弱项',
    weakStaff: '得分明显偏低的员工',
    complaintSummary: '投诉汇总',
    complaintCounts: '投诉分布',
    complaintBreaches: '超时投诉',
    opinionSummary: '意见跟进汇总',
    opinionCounts: '意见跟进分布',
  },
  columns: {
    key: '项目',
    visitType: '回访类型',
    agent: '回访专员',
    total: '总数',
    doNotVisit: '不回访',
    due: '应回访',
    done: '已回访',
    onTime: '按时',
    late: '超时完成',
    overdue: '逾期未回访',
    pending: '待回访',
    unreachable: '无法联系',
    cancelled: '已取消',
    attempts: '拨打次数',
    followUpRate: '回访率',
    onTimeRate: '及时率',
    attemptsPerVisit: '平均拨打次数',
    survey: '问卷',
    surveyName: '问卷名称',
    responses: '样本数',
    index: '满意度指数',
    indexStandardDeviation: '标准差',
    processCompliance: '执行项达成率',
    recommendationRate: '推荐率',
    responsesWithLowItems: '含低分项样本',
    staff: '员工',
    weak: '偏低',
    month: '月份',
    change: '环比',
    section: '模块',
    item: '题目',
    text: '题目内容',
    answered: '作答数',
    score: '得分',
    lowAnswers: '低分数',
    rank: '排名',
    metric: '指标',
    value: '数值',
    dimension: '维度',
    count: '数量',
    complaint: '投诉编号',
    customer: '客户',
    phone: '电话',
    category: '类别',
    tier: '级别',
    state: '状态',
    dueAt: '处理时限',
    resolvedAt: '解决时间',
    source: '来源',
    department: '部门',
    resolved: '已解决',
    slaBreached: '超时',
    slaBreachRate: '超时率',
    escalations: '升级次数',
    escalated: '升级投诉数',
    reopened: '重开投诉数',
    reopenRate: '重开率',
    meanResolutionWorkingHours: '平均解决时长（工作小时）',
    maxResolutionWorkingHours: '最长解决时长（工作小时）',
    handledLate: '处理超时',
    returnedLate: '回单超时',
    secondFollowUps: '二次回访',
    satisfiedRate: '二次回访满意率',
  },
  visitTypes: {
    firstLevel: '一级回访',
    secondLevel: '二级回访',
    postRepair: '维修后回访',
    csi: 'CSI 回访',
  },
  sources: {
    onSite: '现场',
    followUpCall: '回访电话',
    inboundCall: '来电',
    letter: '信函',
    online: '网络',
    authority: '主管部门',
  },
  categories: {
    serviceAttitude: '服务态度',
    repairTechnique: '维修技术',
    repairPrice: '维修价格',
    repairDelay: '维修延误',
    partsQuality: '配件质量',
    partsShortage: '配件缺货',
    productQuality: '产品质量',
    other: '其他',
    '(uncategorised)': '未分类',
  },
  states: {
    received: '已受理',
    classified: '已分类',
    investigating: '调查中',
    solutionProposed: '方案待确认',
    accepted: '客户接受',
    rejected: '客户拒绝',
    resolving: '处理中',
    resolved: '已解决',
    satisfactionCheck: '满意度确认',
    closed: '已关闭',
    reopened: '已重开',
    recorded: '已记录',
    formSent: '已派单',
    handled: '已处理',
    notReturnedInTime: '未按时回单',
    returned: '已回单',
    followedUp: '已二次回访',
  },
  charts: {
    trend: '满意度指数月度趋势',
    sections: '分模块得分',
    weakItems: '薄弱项（得分最低）',
    followUp: '回访率（按类型）',
    noData: '本期无数据',
  },
  target: '目标',
  weakItemRule: (n) => `每份问卷平均得分（0–100，按问卷指数算法）最低的 ${n} 个评分题，由低到高`,
  weakStaffRule: (sd, min) =>
    `员工满意度指数低于本店该问卷平均指数超过 ${sd} 个标准差（按本店单份问卷指数计算）；仅统计样本数不少于 ${min} 的员工`,
};

const en: ReportLabels = {
  reportTitle: 'Follow-up and satisfaction report',
  dealer: 'Dealer',
  period: 'Period',
  asOf: 'Figures as of',
  timeZone: 'Time zone',
  all: 'All',
  yes: 'yes',
  no: 'no',
  none: '—',
  sections: {
    followUp: 'Follow-up visits',
    satisfaction: 'Satisfaction (SSI/CSI)',
    complaints: 'Complaints',
    opinionCases: 'Opinion cases',
  },
  tables: {
    followUpByType: 'By visit type',
    followUpByAgent: 'By agent',
    satisfactionBySurvey: 'By survey',
    satisfactionByStaff: 'By staff member',
    trend: 'Monthly trend',
    sections: 'Section scores',
    items: 'Item scores',
    weakItems: 'Weak items',
    weakStaff: 'Staff with a notably low index',
    complaintSummary: 'Complaint summary',
    complaintCounts: 'Complaints by source, category and tier',
    complaintBreaches: 'Complaints past their deadline',
    opinionSummary: 'Opinion-case summary',
    opinionCounts: 'Opinion cases by state and department',
  },
  columns: {
    key: 'Key',
    visitType: 'Visit type',
    agent: 'Agent',
    total: 'Total',
    doNotVisit: 'Do not visit',
    due: 'Due',
    done: 'Done',
    onTime: 'On time',
    late: 'Done late',
    overdue: 'Overdue',
    pending: 'Pending',
    unreachable: 'Unreachable',
    cancelled: 'Cancelled',
    attempts: 'Attempts',
    followUpRate: 'Follow-up rate',
    onTimeRate: 'On-time rate',
    attemptsPerVisit: 'Attempts per visit',
    survey: 'Survey',
    surveyName: 'Survey name',
    responses: 'Responses',
    index: 'Index',
    indexStandardDeviation: 'Std. dev.',
    processCompliance: 'Process compliance',
    recommendationRate: 'Recommendation rate',
    responsesWithLowItems: 'Responses with low items',
    staff: 'Staff',
    weak: 'Low',
    month: 'Month',
    change: 'Change',
    section: 'Section',
    item: 'Item',
    text: 'Question',
    answered: 'Answered',
    score: 'Score',
    lowAnswers: 'Low answers',
    rank: 'Rank',
    metric: 'Metric',
    value: 'Value',
    dimension: 'Dimension',
    count: 'Count',
    complaint: 'Complaint',
    customer: 'Customer',
    phone: 'Phone',
    category: 'Category',
    tier: 'Tier',
    state: 'State',
    dueAt: 'Due',
    resolvedAt: 'Resolved',
    source: 'Source',
    department: 'Department',
    resolved: 'Resolved',
    slaBreached: 'Past deadline',
    slaBreachRate: 'SLA breach rate',
    escalations: 'Escalations',
    escalated: 'Escalated complaints',
    reopened: 'Reopened complaints',
    reopenRate: 'Reopen rate',
    meanResolutionWorkingHours: 'Mean time to resolution (working hours)',
    maxResolutionWorkingHours: 'Longest time to resolution (working hours)',
    handledLate: 'Handled late',
    returnedLate: 'Returned late',
    secondFollowUps: 'Second follow-ups',
    satisfiedRate: 'Satisfied at second follow-up',
  },
  visitTypes: { firstLevel: 'First-level', secondLevel: 'Second-level', postRepair: 'Post-repair' },
  sources: {
    onSite: 'On site',
    followUpCall: 'Follow-up call',
    inboundCall: 'Inbound call',
    letter: 'Letter',
    online: 'Online',
    authority: 'Authority',
  },
  categories: {
    serviceAttitude: 'Service attitude',
    repairTechnique: 'Repair technique',
    repairPrice: 'Repair price',
    repairDelay: 'Repair delay',
    partsQuality: 'Parts quality',
    partsShortage: 'Parts shortage',
    productQuality: 'Product quality',
    other: 'Other',
    '(uncategorised)': 'Uncategorised',
  },
  states: {},
  charts: {
    trend: 'Satisfaction index by month',
    sections: 'Section scores',
    weakItems: 'Weak items (lowest scores)',
    followUp: 'Follow-up rate by visit type',
    noData: 'No data in this period',
  },
  target: 'Target',
  weakItemRule: (n) =>
    `the ${n} scale items with the lowest mean item score (0–100, the survey's index method) per survey, lowest first`,
  weakStaffRule: (sd, min) =>
    `staff index below the dealer's mean index of the survey by more than ${sd} standard deviation(s) of the dealer's response indices; only staff with at least ${min} responses`,
};

/** The labels of a locale. */
export function reportLabels(locale: ReportLocale = 'zh-CN'): ReportLabels {
  return locale === 'en' ? en : zh;
}

/** A label from a dictionary, or the key itself when the dictionary has none. */
export function labelOf(dictionary: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(dictionary, key) ? dictionary[key]! : key;
}
