// The attention marks' words, Chinese first (attention.js).
export default {
  zh: {
    attentionCount: '{count} 项待处理', 'attention.unfillable': '无法满足', 'attention.escalated': '已扩大范围', 'attention.timedOut': '任务超时未答复',
    attentionHint: '需要处理：',
  },
  en: {
    attentionCount: '{count} need attention', 'attention.unfillable': 'unfillable', 'attention.escalated': 'search widened',
    'attention.timedOut': 'offer unanswered past its deadline', attentionHint: 'Needs attention: ',
  },
};
