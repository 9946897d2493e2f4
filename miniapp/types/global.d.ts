/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.svg' {
  const src: string;
  export default src;
}
declare module '*.css';

/** The API base URL, set at build time (config/index.ts defineConstants). */
declare const SIYU_API_BASE_URL: string;
/** Subscription-message template ids asked for after a payment (config/index.ts; empty: none asked). */
declare const SIYU_SHIPPING_NOTICE_TEMPLATE_IDS: string[];

declare namespace NodeJS {
  interface ProcessEnv {
    /** The build target: weapp (WeChat) or h5 (browser, simulator login). */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony' | 'jdrn';
  }
}
