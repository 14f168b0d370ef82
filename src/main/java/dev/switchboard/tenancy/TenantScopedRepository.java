package dev.switchboard.tenancy;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The only way to read or write tenant-owned rows. Every query it builds starts with
 * {@code e.tenantId = :tenantId}; subclasses add conditions but never see the session, so a query
 * without a tenant cannot be written. A row of another tenant is simply not found (404, never 403).
 */
public abstract class TenantScopedRepository<E extends TenantOwnedEntity> {

    private final Class<E> type;
    private final String what;

    protected TenantScopedRepository(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    public Uni<E> findById(TenantId tenant, String id) {
        return findFirst(tenant, "e.id = :id", Map.of("id", id));
    }

    /** Like {@link #findById} but fails with a 404 problem naming the id. */
    public Uni<E> getById(TenantId tenant, String id) {
        return findById(tenant, id).onItem().ifNull().failWith(() -> ProblemException.notFound(what, id));
    }

    public Uni<E> persist(TenantId tenant, E entity) {
        entity.tenantId = tenant.value();
        return session().chain(s -> s.persist(entity)).replaceWith(entity);
    }

    public Uni<Void> delete(TenantId tenant, E entity) {
        if (!tenant.value().equals(entity.tenantId)) {
            return Uni.createFrom().failure(ProblemException.notFound(what, entity.id));
        }
        return session().chain(s -> s.remove(entity));
    }

    /** Writes pending changes now, so constraint failures surface inside the calling service. */
    public Uni<Void> flush() {
        return session().chain(Mutiny.Session::flush);
    }

    protected Uni<E> findFirst(TenantId tenant, String where, Map<String, Object> params) {
        return session().chain(s -> bind(s.createSelectionQuery(hql("", where, ""), type), tenant, params)
                .setMaxResults(1)
                .getSingleResultOrNull());
    }

    protected Uni<List<E>> list(TenantId tenant, String where, Map<String, Object> params, String orderBy,
            int offset, int limit) {
        return session().chain(s -> bind(s.createSelectionQuery(hql("", where, " order by " + orderBy), type), tenant, params)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList());
    }

    /** One page of the rows matching {@code where}, with the total count for {@code total_pages}. */
    protected Uni<Page<E>> page(TenantId tenant, String where, Map<String, Object> params, String orderBy,
            PageRequest page) {
        return list(tenant, where, params, orderBy, page.offset(), page.limit())
                .chain(items -> count(tenant, where, params).map(total -> Page.of(items, page, total)));
    }

    protected Uni<List<E>> listAll(TenantId tenant, String where, Map<String, Object> params, String orderBy) {
        return session().chain(s -> bind(s.createSelectionQuery(hql("", where, " order by " + orderBy), type), tenant, params)
                .getResultList());
    }

    protected Uni<Long> count(TenantId tenant, String where, Map<String, Object> params) {
        return session().chain(s -> bind(s.createSelectionQuery(hql("select count(e) ", where, ""), Long.class), tenant, params)
                .getSingleResult());
    }

    /** A projection over this entity (alias {@code e}), still restricted to the tenant. */
    protected <R> Uni<List<R>> select(TenantId tenant, String select, String where, Map<String, Object> params,
            String tail, Class<R> resultType) {
        return session().chain(s -> bind(s.createSelectionQuery(hql("select " + select + " ", where, " " + tail), resultType),
                tenant, params).getResultList());
    }

    private String hql(String select, String where, String tail) {
        String condition = where == null || where.isBlank() ? "" : " and (" + where + ")";
        return select + "from " + type.getSimpleName() + " e where e.tenantId = :tenantId" + condition + tail;
    }

    private static <Q extends Mutiny.SelectionQuery<?>> Q bind(Q query, TenantId tenant, Map<String, Object> params) {
        query.setParameter("tenantId", tenant.value());
        params.forEach(query::setParameter);
        return query;
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
