import { Switch, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ErrorState } from '../../components/EmptyState';
import { fetchPreferences, savePreferences, type MessagePreferences } from '../../services/subscribe';
import './index.css';

type Channel = keyof MessagePreferences['marketing'];

/** The switches; the text beside each comes from the server (`texts`), which logs that very text as the proof of a change. */
const CHANNELS: { key: Channel; name: string }[] = [
  { key: 'sms', name: '短信营销' },
  { key: 'wecom', name: '企业微信营销' },
  { key: 'subscribe', name: '订阅消息' },
  { key: 'inapp', name: '站内营销' },
];

/** 消息设置: marketing consent per channel and 不接收个性化营销 (PIPL art. 24); each switch saves at once. */
export default function PreferencesPage() {
  const [prefs, setPrefs] = useState<MessagePreferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = () =>
    fetchPreferences().then(
      (value) => {
        setPrefs(value);
        setError(null);
      },
      (caught: Error) => setError(caught.message || '加载失败'),
    );
  useDidShow(() => {
    void load();
  });

  const save = async (change: Parameters<typeof savePreferences>[0], optimistic: MessagePreferences) => {
    const before = prefs;
    setPrefs(optimistic);
    setSaving(true);
    try {
      setPrefs(await savePreferences(change));
    } catch {
      setPrefs(before); // the client toasted why
    } finally {
      setSaving(false);
    }
  };

  if (error && !prefs) return <ErrorState message={error} onRetry={() => void load()} />;
  if (!prefs) return <View className='page preferences' />;
  return (
    <View className='page preferences'>
      <Text className='preferences__section'>营销消息</Text>
      <View className='card preferences__card'>
        {CHANNELS.map((channel) => (
          <View className='preferences__row' key={channel.key} data-testid={`pref-${channel.key}`}>
            <View className='preferences__text'>
              <Text className='preferences__name'>{channel.name}</Text>
              <Text className='preferences__note'>{prefs.texts[channel.key]}</Text>
            </View>
            <Switch
              checked={prefs.marketing[channel.key]}
              disabled={saving}
              color='#ee0a24'
              onChange={(event) =>
                void save(
                  { marketing: { [channel.key]: event.detail.value } },
                  { ...prefs, marketing: { ...prefs.marketing, [channel.key]: event.detail.value } },
                )
              }
            />
          </View>
        ))}
      </View>
      <Text className='preferences__section'>个性化</Text>
      <View className='card preferences__card'>
        <View className='preferences__row' data-testid='pref-personalized'>
          <View className='preferences__text'>
            <Text className='preferences__name'>不接收个性化营销</Text>
          </View>
          <Switch
            checked={!prefs.personalized}
            disabled={saving}
            color='#ee0a24'
            onChange={(event) => void save({ personalized: !event.detail.value }, { ...prefs, personalized: !event.detail.value })}
          />
        </View>
        <Text className='preferences__explain'>{prefs.texts.personalized}</Text>
      </View>
    </View>
  );
}
