// The exercise panel's words (exercises.js), Chinese first.
export default {
  zh: {
    exercises: '培训演练', exerciseName: '演练名称', startExercise: '开始演练', endExercise: '结束演练', exerciseReport: '复盘报告',
    exerciseRunning: '进行中', exerciseEnded: '已结束', exerciseStarted: '开始', exerciseEndedAt: '结束', exerciseIncidents: '{count} 起事件',
    noExercises: '暂无演练', confirmEndExercise: '结束演练？其所有事件将解除，复盘报告随即定稿。',
  },
  en: {
    exercises: 'Exercises', exerciseName: 'Exercise name', startExercise: 'Start exercise', endExercise: 'End exercise', exerciseReport: 'After-action report',
    exerciseRunning: 'Running', exerciseEnded: 'Ended', exerciseStarted: 'Started', exerciseEndedAt: 'ended', exerciseIncidents: '{count} incidents',
    noExercises: 'No exercises yet', confirmEndExercise: 'End the exercise? Every incident in it is stood down and its report is final.',
  },
};
