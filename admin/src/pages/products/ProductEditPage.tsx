import type { AdminProduct } from '@siyu/shared';
import { Alert, App, Button, Card, Form, Popconfirm, Progress, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { catalogApi } from '../../api/catalog';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { useCategories } from '../../hooks/use-categories';
import { PRODUCT_STATUS_COLORS, PRODUCT_STATUS_NAMES } from '../../labels';
import { useBelowCostGuard } from './below-cost/use-below-cost-guard';
import { emptyProductValues, productToValues, type ProductFormValues } from './product-form/form-values';
import { ImageUrlList } from './product-form/ImageUrlList';
import { ProductFields } from './product-form/ProductFields';
import { SkuTable } from './product-form/SkuTable';
import { useSaveProduct } from './product-form/use-save-product';
import { usePublishActions } from './use-publish';
import { ProductShippingCard } from '../shipping/ProductShippingCard';

/** 新建商品 / 商品详情: product fields, images, SKUs with prices in yuan; read-only without catalog:write. */
export function ProductEditPage() {
  const params = useParams();
  const productId = params.productId ? Number(params.productId) : null;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const isReadOnly = !can('catalog:write');
  const [form] = Form.useForm<ProductFormValues>();
  const categories = useCategories();
  const [product, setProduct] = useState<AdminProduct | null>(null);
  const [isDirty, setIsDirty] = useState(false);
  const guard = useBelowCostGuard();
  const saver = useSaveProduct(form, guard);
  const publishing = usePublishActions(setProduct);
  const loaded = useApiData((signal) => (productId ? catalogApi.product(productId, signal) : Promise.resolve(null)), [productId]);

  useEffect(() => {
    const values = loaded.data ? productToValues(loaded.data) : emptyProductValues();
    setProduct(loaded.data ?? null);
    form.resetFields();
    form.setFieldsValue(values);
    setIsDirty(false);
  }, [loaded.data, form]);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      message.error('请先修正标红的字段');
      return;
    }
    if (!product) {
      const created = await saver.create();
      if (created) {
        message.success('商品已创建（草稿），检查无误后可上架');
        navigate(`/products/${created.id}`, { replace: true });
      }
      return;
    }
    const saved = await saver.update(product, setProduct);
    if (saved) {
      setProduct(saved);
      form.setFieldsValue(productToValues(saved));
      setIsDirty(false);
      message.success('已保存');
    }
  };

  const remove = async () => {
    if (!product) return;
    try {
      await catalogApi.deleteProduct(product.id);
      message.success('已删除');
      navigate('/products');
    } catch (error) {
      reportError(error);
    }
  };

  if (productId && loaded.isLoading && !product) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (productId && !loaded.isLoading && !loaded.data) return <Alert type="error" showIcon title="商品加载失败" />;

  const actions = !isReadOnly && (
    <ProductActions
      product={product}
      isDirty={isDirty}
      isSaving={saver.progress !== null}
      isPublishing={publishing.busyId !== null}
      onSave={save}
      onDelete={remove}
      onPublish={() => product && publishing.publish(product)}
      onUnpublish={() => product && publishing.unpublish(product)}
    />
  );

  return (
    <Form<ProductFormValues> form={form} layout="vertical" disabled={isReadOnly} onValuesChange={() => setIsDirty(true)} scrollToFirstError>
      <Card
        title={
          <Space>
            <span>{product ? product.title : '新建商品'}</span>
            {product && <Tag color={PRODUCT_STATUS_COLORS[product.status]}>{PRODUCT_STATUS_NAMES[product.status]}</Tag>}
            {isReadOnly && <Tag>只读</Tag>}
          </Space>
        }
        extra={actions}
        style={{ marginBottom: 16 }}
      >
        {saver.progress && (
          <div style={{ marginBottom: 16 }} data-testid="save-progress">
            <Typography.Text>
              {saver.progress.label}（{saver.progress.done + 1}/{saver.progress.total}）
            </Typography.Text>
            <Progress percent={Math.round((saver.progress.done / saver.progress.total) * 100)} status="active" />
          </div>
        )}
        <ProductFields categories={categories} />
      </Card>
      <Card title="图片" style={{ marginBottom: 16 }}>
        <ImageUrlList form={form} isReadOnly={isReadOnly} />
      </Card>
      <Card title="规格与价格" extra={<Typography.Text type="secondary">价格单位：元，最多两位小数</Typography.Text>}>
        <SkuTable form={form} isReadOnly={isReadOnly} />
      </Card>
      {productId && <ProductShippingCard productId={productId} isReadOnly={isReadOnly} />}
      {guard.dialog}
      {publishing.dialog}
    </Form>
  );
}

interface ActionsProps {
  product: AdminProduct | null;
  isDirty: boolean;
  isSaving: boolean;
  isPublishing: boolean;
  onSave(): void;
  onDelete(): void;
  onPublish(): void;
  onUnpublish(): void;
}

/** Delete (drafts), publish / unpublish (saved changes only), save. */
function ProductActions({ product, isDirty, isSaving, isPublishing, onSave, onDelete, onPublish, onUnpublish }: ActionsProps) {
  const isBusy = isSaving || isPublishing;
  const needsSave = isDirty ? '请先保存修改' : undefined;
  return (
    <Space>
      {product?.status === 'draft' && (
        <Popconfirm title="删除这个草稿商品？" onConfirm={onDelete}>
          <Button danger disabled={isBusy}>
            删除
          </Button>
        </Popconfirm>
      )}
      {product && product.status !== 'on_sale' && (
        <Button disabled={isBusy || isDirty} title={needsSave} onClick={onPublish}>
          上架
        </Button>
      )}
      {product?.status === 'on_sale' && (
        <Button disabled={isBusy || isDirty} title={needsSave} onClick={onUnpublish}>
          下架
        </Button>
      )}
      <Button type="primary" onClick={onSave} loading={isSaving} disabled={isPublishing}>
        保存
      </Button>
    </Space>
  );
}
