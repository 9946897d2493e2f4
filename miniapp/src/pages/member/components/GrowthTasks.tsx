import { Text, View } from '@tarojs/components';
import type { GrowthTaskView } from '@siyu/shared';
import { membershipPages } from '../../../api/membership';
import { reviewPages } from '../../../api/reviews';
import { go } from '../../../lib/navigation';

const GLYPHS: Readonly<Record<GrowthTaskView['code'], string>> = { first_order: '单', profile: '资', first_review: '评', spend: '购', checkin: '签' };

/** Where each task is done: shopping on the home page, the phone binding on 我的, reviews, the check-in. */
const ACTIONS: Readonly<Record<GrowthTaskView['code'], { label: string; run: () => void }>> = {
  first_order: { label: '去下单', run: go.home },
  profile: { label: '去完善', run: go.me },
  first_review: { label: '去评价', run: () => reviewPages.center('to-write') },
  spend: { label: '去逛逛', run: go.home },
  checkin: { label: '去签到', run: () => membershipPages.points({ checkIn: true }) },
};

/** 成长任务: how to earn growth and points (the store's settings), one-off tasks marked 已完成. */
export function GrowthTasks({ tasks }: { tasks: readonly GrowthTaskView[] }) {
  if (tasks.length === 0) return null;
  return (
    <View className='card member__section' data-testid='growth-tasks'>
      <Text className='member__section-title'>成长任务</Text>
      <View className='member__tasks'>
        {tasks.map((task) => {
          const action = ACTIONS[task.code];
          return (
            <View className='member__task' key={task.code}>
              <Text className='member__task-glyph'>{GLYPHS[task.code]}</Text>
              <View className='member__task-body'>
                <Text className='member__task-title'>{task.title}</Text>
                <Text className='member__task-reward'>{task.rewardText}</Text>
              </View>
              {task.isDone ? (
                <Text className='member__task-done'>已完成</Text>
              ) : (
                <Text className='member__task-action' onClick={action.run}>
                  {action.label}
                </Text>
              )}
            </View>
          );
        })}
      </View>
    </View>
  );
}
