import { ApiError, type Channel, type ParsedRequest, type Response } from '../../shared/api';
import type { CallContext } from './context';
import { assertProfilesAccess } from './profile-access';
import { runJob } from './run-job';
import { readableSource, writablePath } from './source-access';
import { starScaleSide } from '../../shared/star-scale';

export type Handler<C extends Channel> = (
  request: ParsedRequest<C>,
  ctx: CallContext,
) => Promise<Response<C>>;
export type HandlerTable = { [C in Channel]: Handler<C> };

/**
 * The one handler table, served alike by Electron IPC, the local host and the CLI. Requests
 * arrive validated, and the dispatcher has already checked that the session may open the
 * profile a request names (see dispatch.ts); handlers only call the service's ports.
 */
export const handlers: HandlerTable = {
  'app.info': async (_request, ctx) => ({
    version: ctx.version,
    dbPath: ctx.catalogue.dbPath,
    backend: ctx.engine.backend(),
    catalogue: ctx.catalogue.stats(),
    damage: ctx.backups.damage(),
  }),
  'app.about': async (_request, ctx) => ({ version: ctx.version, ...ctx.catalogue.about() }),

  'catalogue.import': async ({ source, jobId }, ctx) => {
    const file = readableSource(ctx, source, 'a release to import');
    const { relinkedProfileIds, ...summary } = await runJob(ctx, jobId, 'import', (options) =>
      ctx.importer.importRelease(file, options),
    );
    ctx.engine.catalogueChanged();
    // Their ratings now name the new release's movies: their personal models refit in the background.
    for (const profileId of relinkedProfileIds) ctx.engine.ratingsChanged(profileId);
    ctx.emit('catalogue.changed', { reason: `imported ${summary.format} from ${summary.source}` });
    return summary;
  },
  'catalogue.importExport': async (
    { profileId, source, format, userId, dryRun, conflicts, jobId },
    ctx,
  ) => {
    const file = readableSource(ctx, source, 'ratings to import');
    const summary = await runJob(
      ctx,
      jobId,
      'import-export',
      (options) =>
        ctx.importer.importExport(profileId, file, format, userId, options, { dryRun, conflicts }),
      profileId,
    );
    if (summary.written > 0) {
      ctx.engine.ratingsChanged(profileId);
      ctx.emit('catalogue.changed', {
        reason: `imported ${summary.format} ratings into a profile`,
      });
    }
    return summary;
  },
  'catalogue.setActiveRelease': async ({ releaseId }, ctx) => {
    const { release, changed, relinkedProfileIds } = ctx.catalogue.setActiveRelease(releaseId);
    // As after an import that swaps releases: the engine's lists now read the chosen release,
    // and the profiles whose ratings moved onto its movies refit in the background.
    if (changed) ctx.engine.catalogueChanged();
    for (const profileId of relinkedProfileIds) ctx.engine.ratingsChanged(profileId);
    if (changed || relinkedProfileIds.length > 0)
      ctx.emit('catalogue.changed', { reason: `chose ${release.format} to learn from` });
    return release;
  },
  'catalogue.importHistory': async ({ profileId }, ctx) => ctx.catalogue.importHistory(profileId),
  'catalogue.undoImport': async ({ profileId, importId }, ctx) => {
    const summary = ctx.catalogue.undoImport(profileId, importId);
    if (summary.restored > 0) {
      ctx.engine.ratingsChanged(profileId);
      ctx.emit('catalogue.changed', { reason: 'undid an import into a profile' });
    }
    return summary;
  },

  'catalogue.backup': async ({ file }, ctx) =>
    ctx.backups.backup(file === undefined ? undefined : writablePath(ctx, file, 'a backup')),
  'catalogue.backups': async (_request, ctx) => ctx.backups.folder(),
  'catalogue.restore': async ({ source }, ctx) => {
    // Restoring replaces every profile, so it needs every locked one opened on this connection.
    const closed = ctx.catalogue
      .listProfiles()
      .filter((profile) => profile.locked && !ctx.session.hasUnlocked(profile.id));
    if (closed.length > 0) {
      throw new ApiError(
        'locked',
        `Restoring replaces every profile: first unlock ${closed.map((p) => `"${p.name}"`).join(', ')}`,
      );
    }
    const summary = await ctx.backups.restore(readableSource(ctx, source, 'a backup to restore'));
    // Profile ids may now name other people: every connection opens its profiles afresh.
    ctx.session.signOutEverywhere();
    ctx.engine.catalogueChanged();
    for (const profileId of summary.profileIds) ctx.engine.ratingsChanged(profileId);
    ctx.emit('catalogue.changed', { reason: 'restored a backup' });
    return summary;
  },

  'search.movies': async (request, ctx) => ctx.catalogue.search(request),
  'search.tags': async ({ text, limit }, ctx) => ctx.catalogue.tagSuggestions(text, limit),
  'movies.get': async ({ movieId, profileId }, ctx) => {
    const movie = ctx.catalogue.movie(movieId, profileId);
    if (!movie) throw new ApiError('not-found', `There is no movie ${movieId} in the catalogue.`);
    return movie;
  },
  'movies.genres': async (_request, ctx) => ctx.catalogue.genres(),
  'movies.onboarding': async ({ profileId, limit, exclude }, ctx) =>
    ctx.catalogue.onboarding(profileId, limit, exclude),

  // A locked profile's list entry tells nothing about its ratings until this connection opens it.
  'profiles.list': async (_request, ctx) =>
    ctx.catalogue
      .listProfiles()
      .map((profile) =>
        profile.locked && !ctx.session.hasUnlocked(profile.id)
          ? { ...profile, ratingCount: null }
          : profile,
      ),
  'profiles.create': async ({ name, passphrase }, ctx) => {
    const profile = await ctx.catalogue.createProfile(name, passphrase);
    // Whoever created the profile knows its passphrase: it stays open on this connection.
    if (profile.locked) ctx.session.unlock(profile.id);
    return profile;
  },
  'profiles.rename': async ({ profileId, name }, ctx) =>
    ctx.catalogue.renameProfile(profileId, name),
  'profiles.delete': async ({ profileId }, ctx) => {
    ctx.catalogue.deleteProfile(profileId);
    ctx.session.forget(profileId);
    await ctx.engine.profileDeleted(profileId);
    return { ok: true };
  },
  // Locking closes the profile everywhere, this connection included: "lock" means locked now.
  'profiles.lock': async ({ profileId, passphrase }, ctx) => {
    const profile = await ctx.catalogue.lockProfile(profileId, passphrase);
    // Every other connection now needs the passphrase; the one that set it stays inside, as
    // after profiles.create, so the person using the profile is not interrupted.
    ctx.session.unlock(profileId);
    return profile;
  },
  'profiles.removeLock': async ({ profileId, passphrase }, ctx) =>
    ctx.catalogue.removeLock(profileId, passphrase),
  'profiles.unlock': async ({ profileId, passphrase }, ctx) => {
    if (!(await ctx.catalogue.checkPassphrase(profileId, passphrase))) {
      throw new ApiError('forbidden', 'That passphrase does not open this profile.');
    }
    ctx.session.unlock(profileId);
    return { ok: true };
  },
  'profiles.signOut': async (_request, ctx) => {
    ctx.session.signOut();
    return { ok: true };
  },

  'ratings.list': async ({ profileId }, ctx) => ctx.catalogue.listRatings(profileId),
  'ratings.set': async ({ profileId, movieId, rating, ratedAt }, ctx) => {
    ctx.catalogue.setRating(profileId, movieId, rating, ratedAt);
    ctx.engine.ratingsChanged(profileId);
    return { ok: true };
  },
  'ratings.clear': async ({ profileId, movieId }, ctx) => {
    ctx.catalogue.clearRating(profileId, movieId);
    ctx.engine.ratingsChanged(profileId);
    return { ok: true };
  },
  'ratings.export': async ({ profileId }, ctx) => ({
    csv: ctx.catalogue.exportRatingsCsv(profileId),
  }),
  'taste.summary': async ({ profileId }, ctx) => ctx.catalogue.taste(profileId),
  'marks.list': async ({ profileId }, ctx) => ctx.catalogue.listMarks(profileId),
  // A not-interested mark is a signal to the model, so any change of marks counts as a change of ratings.
  'marks.set': async ({ profileId, movieId, mark, markedAt }, ctx) => {
    ctx.catalogue.setMark(profileId, movieId, mark, markedAt);
    ctx.engine.ratingsChanged(profileId);
    return { ok: true };
  },
  'marks.clear': async ({ profileId, movieId }, ctx) => {
    ctx.catalogue.clearMark(profileId, movieId);
    ctx.engine.ratingsChanged(profileId);
    return { ok: true };
  },
  'marks.export': async ({ profileId, mark }, ctx) => ({
    csv: ctx.catalogue.exportMarksCsv(profileId, mark),
  }),

  'recommend.forYou': async (request, ctx) => {
    if (request.tag === undefined) return ctx.engine.forYou(request);
    const tagged = await ctx.catalogue.taggedMovieIds(request.tag);
    const answer = await ctx.engine.forYou({
      ...request,
      onlyMovies: new Set(tagged?.movieIds ?? []),
    });
    return { ...answer, tags: tagged?.tags ?? [], otherTags: tagged?.otherTags ?? 0 };
  },
  'recommend.forMovie': async (request, ctx) => ctx.engine.forMovie(request),
  'recommend.forMovies': async (request, ctx) => ctx.engine.forMovies(request),
  'recommend.similarMovies': async (request, ctx) => ctx.engine.similarMovies(request),
  'recommend.peopleLikeYou': async (request, ctx) => ctx.engine.peopleLikeYou(request),
  'recommend.alsoLoved': async (request, ctx) => ctx.engine.alsoLoved(request),
  'recommend.together': async (request, ctx) => {
    const profiles = assertProfilesAccess(ctx, request.profileIds);
    const tagged =
      request.tag === undefined ? undefined : await ctx.catalogue.taggedMovieIds(request.tag);
    const { starScales, ...list } = await ctx.engine.together({
      ...request,
      ...(request.tag === undefined ? {} : { onlyMovies: new Set(tagged?.movieIds ?? []) }),
    });
    // Which side a member's stars run, never their average: the others see this list.
    const runs = new Map(request.profileIds.map((id, k) => [id, starScaleSide(starScales[k])]));
    return {
      members: profiles.map((p) => ({
        profileId: p.id,
        name: p.name,
        starsRun: runs.get(p.id) ?? null,
      })),
      ...list,
      ...(request.tag === undefined
        ? {}
        : { tags: tagged?.tags ?? [], otherTags: tagged?.otherTags ?? 0 }),
    };
  },

  'engine.status': async ({ profileId }, ctx) => ctx.engine.status(profileId),
  'engine.finetune': async ({ profileId, jobId }, ctx) =>
    runJob(ctx, jobId, 'finetune', (options) => ctx.engine.finetune(profileId, options), profileId),
  'engine.pretrain': async ({ jobId, ...request }, ctx) => {
    const dataset =
      request.dataset === undefined
        ? undefined
        : readableSource(ctx, request.dataset, 'a dataset to train on');
    const outDir =
      request.outDir === undefined ? undefined : writablePath(ctx, request.outDir, 'a model');
    return runJob(ctx, jobId, 'pretrain', (options) =>
      ctx.engine.pretrain({ ...request, dataset, outDir }, options),
    );
  },
  'eval.run': async ({ jobId, ...request }, ctx) => {
    const dataset = readableSource(ctx, request.dataset, 'a dataset to evaluate on');
    return runJob(ctx, jobId, 'eval', (options) =>
      ctx.evaluation.evaluate({ ...request, dataset }, options),
    );
  },

  // Only the session that started a job may stop it (see JobRegistry.cancel).
  'jobs.cancel': async ({ jobId }, ctx) => ({ cancelled: ctx.jobs.cancel(jobId, ctx.session) }),
};
