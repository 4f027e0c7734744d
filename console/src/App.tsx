/**
 * The console's shell: refine (resources, menu, auth and i18n providers) on Ant Design's layout
 * with its zh_CN / en_US locale, each page a lazily loaded chunk. A signed-in user who is no admin
 * is told the console is for admins; an admin's pages act on the union chosen in the header.
 */
import {
  AuditOutlined, BarChartOutlined, CalendarOutlined, ApartmentOutlined, GiftOutlined, LogoutOutlined,
  PayCircleOutlined, ReadOutlined, SafetyCertificateOutlined, TagsOutlined,
} from '@ant-design/icons';
import { Refine, useMenu, type AuthProvider, type I18nProvider } from '@refinedev/core';
import routerProvider from '@refinedev/react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, Button, ConfigProvider, Layout, Menu, Result, Segmented, Select, Space, Spin, Typography } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Outlet, Route, Routes } from 'react-router';
import { ApiProblem } from './api/client';
import { signedIn, signOut } from './auth';
import { ProblemAlert } from './components/problems';
import { currentLanguage, setLanguage, translate, useI18n, type Language } from './i18n';
import { SessionProvider, useMe, useOrganisation, useSession } from './session';

const Dashboard = lazy(() => import('./pages/Dashboard'));
const Organisations = lazy(() => import('./pages/Organisations'));
const Claims = lazy(() => import('./pages/Claims'));
const Applications = lazy(() => import('./pages/Applications'));
const Lotteries = lazy(() => import('./pages/Lotteries'));
const Campaigns = lazy(() => import('./pages/Campaigns'));
const Activities = lazy(() => import('./pages/Activities'));
const News = lazy(() => import('./pages/News'));
const Payouts = lazy(() => import('./pages/Payouts'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, error) => !(error instanceof ApiProblem) && count < 2, refetchOnWindowFocus: false } },
});

const authProvider: AuthProvider = {
  login: async () => ({ success: signedIn() }),
  logout: async () => {
    signOut();
    return { success: true };
  },
  check: async () => ({ authenticated: signedIn() }),
  onError: async (error) => (error instanceof ApiProblem && error.status === 401 ? { logout: true } : {}),
};

const i18nProvider: I18nProvider = {
  translate: (key, options, fallback) => {
    const text = translate(key, typeof options === 'object' ? options : undefined);
    return text === key && fallback ? fallback : text;
  },
  changeLocale: (locale) => setLanguage(locale as Language),
  getLocale: currentLanguage,
};

/** The console's pages; `operatorOnly` ones (platform-wide records) are left out of admins' menus. */
const pages: { name: string; path: string; icon: ReactNode; element: ReactNode; operatorOnly?: boolean }[] = [
  { name: 'dashboard', path: '/', icon: <BarChartOutlined />, element: <Dashboard /> },
  { name: 'organisations', path: '/organisations', icon: <ApartmentOutlined />, element: <Organisations /> },
  { name: 'claims', path: '/claims', icon: <SafetyCertificateOutlined />, element: <Claims /> },
  { name: 'applications', path: '/applications', icon: <AuditOutlined />, element: <Applications /> },
  { name: 'lotteries', path: '/lotteries', icon: <GiftOutlined />, element: <Lotteries /> },
  { name: 'campaigns', path: '/campaigns', icon: <TagsOutlined />, element: <Campaigns /> },
  { name: 'activities', path: '/activities', icon: <CalendarOutlined />, element: <Activities /> },
  { name: 'news', path: '/news', icon: <ReadOutlined />, element: <News /> },
  { name: 'payouts', path: '/payouts', icon: <PayCircleOutlined />, element: <Payouts />, operatorOnly: true },
];

function LanguageSwitch() {
  const { language } = useI18n();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      value={language}
      onChange={(value) => {
        setLanguage(value);
        dayjs.locale(value === 'zh' ? 'zh-cn' : 'en');
        // Answers already held were in the other language (problems, notices).
        void queryClient.invalidateQueries();
      }}
      options={[{ label: '中文', value: 'zh' }, { label: 'English', value: 'en' }]}
    />
  );
}

function OrgOption({ id }: { id: string }) {
  const org = useOrganisation(id);
  return <>{org.data?.name ?? id}</>;
}

function Header() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, padding: '0 24px', height: 64, background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
      <Space>
        <Typography.Text type="secondary">{t('header.acting')}</Typography.Text>
        <Select
          data-testid="scope-select"
          style={{ minWidth: 240 }}
          value={session.orgId}
          onChange={session.setOrgId}
          options={session.roots.map((id) => ({ value: id, label: <OrgOption id={id} /> }))}
        />
      </Space>
      <LanguageSwitch />
      <Typography.Text data-testid="signed-in-as">{session.me.member?.name ?? session.me.userId}</Typography.Text>
      <Button icon={<LogoutOutlined />} onClick={() => signOut()}>{t('header.signOut')}</Button>
    </div>
  );
}

/** Ant Design's layout with refine's menu of the resources (their labels follow the language). */
function Shell() {
  const { t } = useI18n();
  const { menuItems, selectedKey } = useMenu();
  const { isOperator } = useSession();
  const hidden = new Set(pages.filter((p) => p.operatorOnly && !isOperator).map((p) => p.name));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} theme="light" width={208} style={{ borderRight: '1px solid #f0f0f0' }}>
        <Typography.Title level={5} style={{ margin: 0, padding: '21px 24px', whiteSpace: 'nowrap', overflow: 'hidden' }}>{t('app.title')}</Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[selectedKey]}
          style={{ borderInlineEnd: 'none' }}
          items={menuItems.filter((item) => !hidden.has(item.name)).map((item) => ({ key: item.key, icon: item.icon, label: <Link to={item.route ?? '/'}>{t(`menu.${item.name}` as 'menu.dashboard')}</Link> }))}
        />
      </Layout.Sider>
      <Layout>
        <Header />
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** refine's notifications through Ant Design's (context-aware) notification API. */
function useNotifications() {
  const { notification } = AntdApp.useApp();
  return {
    open: ({ message, description, type, key }: { message: string; description?: string; type: 'success' | 'error' | 'progress'; key?: string }) =>
      notification[type === 'progress' ? 'info' : type]({ message, description, key }),
    close: (key: string) => notification.destroy(key),
  };
}

function RefineApp() {
  const { t } = useI18n();
  const notificationProvider = useNotifications();
  return (
    <Refine
      routerProvider={routerProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      notificationProvider={notificationProvider}
      resources={pages.map((p) => ({ name: p.name, list: p.path, meta: { label: t(`menu.${p.name}` as 'menu.dashboard'), icon: p.icon } }))}
      options={{ disableTelemetry: true, reactQuery: { clientConfig: queryClient } }}
    >
      <Routes>
        <Route element={<Shell />}>
          {pages.map((p) => (
            <Route key={p.name} index={p.path === '/'} path={p.path === '/' ? undefined : p.path} element={p.element} />
          ))}
          <Route path="*" element={<Result status="404" title="404" subTitle={t('app.notFound')} />} />
        </Route>
      </Routes>
    </Refine>
  );
}

/** Only admins (and the operator) get the console; anyone else is told so, with a way out. */
function AdminsOnly({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  if (me.isLoading) return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (me.error || !me.data) return <div style={{ maxWidth: 640, margin: '64px auto' }}><ProblemAlert error={me.error} /></div>;
  const isAdmin = me.data.roles.includes('admin') || me.data.roles.includes('operator');
  if (!isAdmin) {
    return (
      <div data-testid="not-admin">
      <Result
        status="403"
        title={t('notAdmin.title')}
        subTitle={t('notAdmin.detail')}
        extra={<Space><LanguageSwitch /><Button type="primary" onClick={() => signOut()}>{t('header.signOut')}</Button></Space>}
      />
      </div>
    );
  }
  return <SessionProvider me={me.data}>{children}</SessionProvider>;
}

export function App() {
  const { language } = useI18n();
  dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  return (
    <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
      <ConfigProvider locale={language === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
        <AntdApp>
          <QueryClientProvider client={queryClient}>
            <AdminsOnly>
              <RefineApp />
            </AdminsOnly>
          </QueryClientProvider>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}

